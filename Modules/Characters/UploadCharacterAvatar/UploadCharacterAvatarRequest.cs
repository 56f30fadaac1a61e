using KissChat.Kernel.Files;

namespace KissChat.Characters.UploadCharacterAvatar;

/// <summary>The multipart body: the image in the form field <c>file</c>; <see cref="Id"/> comes from the route.</summary>
internal sealed class UploadCharacterAvatarRequest : IUploadForm
{
    public Guid Id { get; set; }

    public IFormFile? File { get; set; }
}
