namespace KissChat.Lorebooks.Contracts;

/// <summary>Lets other modules point a foreign key at lorebooks without seeing the entity class.</summary>
public static class LorebookModel
{
    public const string EntityTypeName = "KissChat.Lorebooks.Data.Lorebook";
}
