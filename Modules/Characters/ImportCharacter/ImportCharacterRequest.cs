namespace KissChat.Characters.ImportCharacter;

/// <summary>The multipart form of an import: the card file (PNG or JSON) in the field <c>file</c>.</summary>
internal sealed class ImportCharacterRequest
{
    public IFormFile? File { get; set; }
}
