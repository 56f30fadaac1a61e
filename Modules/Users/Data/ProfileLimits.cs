namespace KissChat.Users.Data;

internal static class ProfileLimits
{
    public const int Username = 50;
    public const int AvatarUrl = 2048;
    public const int Status = 140;
    public const int Bio = 1000;
}
