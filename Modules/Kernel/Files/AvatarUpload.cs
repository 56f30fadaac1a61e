namespace KissChat.Kernel.Files;

/// <summary>The multipart body of the profile's avatar upload: one image in the form field <c>file</c>.</summary>
public sealed class AvatarUpload : IUploadForm
{
    public IFormFile? File { get; set; }
}
