using Microsoft.Extensions.Configuration;

namespace KissChat.Chats.ImportChat;

/// <param name="MaxFileBytes">The largest SillyTavern chat file <c>chat/import</c> takes (<c>Chats:Import:MaxFileBytes</c>).</param>
internal sealed record ChatImportOptions(long MaxFileBytes)
{
    public static ChatImportOptions From(IConfiguration configuration)
    {
        var options = new ChatImportOptions(configuration.GetValue("Chats:Import:MaxFileBytes", 20L * 1024 * 1024));
        if (options.MaxFileBytes < 1)
        {
            throw new InvalidOperationException("Chats:Import:MaxFileBytes must be positive.");
        }

        return options;
    }
}
