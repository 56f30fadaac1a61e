namespace KissChat.Characters.Contracts;

/// <summary>Lets other modules point a foreign key at characters without seeing the entity class.</summary>
public static class CharacterModel
{
    public const string EntityTypeName = "KissChat.Characters.Data.Character";
}
