namespace KissChat.Characters.ImportCharacter;

/// <summary>
/// The multipart form of an import as the API document shows it: the card file (PNG or JSON) in the field <c>file</c>.
/// The endpoint reads the body itself (<see cref="CardUpload"/>), since the card's JSON may also be the whole body.
/// </summary>
internal sealed class ImportCharacterRequest
{
    public IFormFile? File { get; set; }
}
