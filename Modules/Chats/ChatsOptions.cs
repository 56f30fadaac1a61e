using Microsoft.Extensions.Configuration;

namespace KissChat.Chats;

/// <param name="MaxPromptCharacters">The longest prompt a user may send (<c>Chats:MaxPromptCharacters</c>).</param>
/// <param name="HistoryLoadLimit">How many recent messages are read to fill the model's context window.</param>
/// <param name="MaxMessageCharacters">The longest text an edited message may have (<c>Chats:MaxMessageCharacters</c>).</param>
internal sealed record ChatsOptions(int MaxPromptCharacters, int HistoryLoadLimit, int MaxMessageCharacters)
{
    public static ChatsOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Chats");
        return new ChatsOptions(
            section.GetValue("MaxPromptCharacters", 8000),
            section.GetValue("HistoryLoadLimit", 400),
            section.GetValue("MaxMessageCharacters", 32000));
    }
}
