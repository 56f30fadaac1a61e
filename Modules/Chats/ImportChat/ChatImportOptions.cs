using KissChat.Kernel.Configuration;
using Microsoft.Extensions.Configuration;

namespace KissChat.Chats.ImportChat;

/// <param name="MaxFileBytes">The largest SillyTavern chat file <c>chat/import</c> takes (<c>Chats:Import:MaxFileBytes</c>).</param>
internal sealed record ChatImportOptions(long MaxFileBytes)
{
    public static ChatImportOptions From(IConfiguration configuration) =>
        new((long)configuration.GetSection("Chats:Import").Number("MaxFileBytes", 20 * 1024 * 1024, 1, 1L << 40));
}
