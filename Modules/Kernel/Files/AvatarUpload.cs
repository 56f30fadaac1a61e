namespace KissChat.Kernel.Files;

/// <summary>The multipart body of every avatar upload: one image in the form field <c>file</c>.</summary>
public sealed class AvatarUpload
{
    public IFormFile? File { get; set; }
}
