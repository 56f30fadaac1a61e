using KissChat.Chats.Prompt;
using Microsoft.Extensions.Configuration;

namespace KissChat.Chats;

/// <param name="MaxPromptCharacters">The longest prompt a user may send (<c>Chats:MaxPromptCharacters</c>).</param>
/// <param name="HistoryLoadLimit">The most recent messages read to fill the model's context window (fewer when fewer fill it).</param>
/// <param name="MaxMessageCharacters">The longest text an edited message may have (<c>Chats:MaxMessageCharacters</c>).</param>
/// <param name="CreditsEnabled">Replies cost kiss coins (<c>CREDITS_ENABLED</c>); premium users are exempt.</param>
/// <param name="CostPerReply">Coins per generated reply (<c>Credits:CostPerReply</c>).</param>
/// <param name="Lore">How lorebooks fire (<c>Chats:Lore</c>).</param>
internal sealed record ChatsOptions(int MaxPromptCharacters, int HistoryLoadLimit, int MaxMessageCharacters, bool CreditsEnabled, int CostPerReply, LoreOptions Lore)
{
    public static ChatsOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Chats");
        var lore = section.GetSection("Lore");
        var options = new ChatsOptions(
            section.GetValue("MaxPromptCharacters", 8000),
            section.GetValue("HistoryLoadLimit", 400),
            section.GetValue("MaxMessageCharacters", 32000),
            configuration.GetValue("CREDITS_ENABLED", false),
            Math.Max(0, configuration.GetValue("Credits:CostPerReply", 1)),
            new LoreOptions(lore.GetValue("ScanDepth", 4), lore.GetValue("TokenBudget", 1024), lore.GetValue("RecursionSteps", 3)));
        if (options.Lore.ScanDepth < 0 || options.Lore.TokenBudget < 1 || options.Lore.RecursionSteps < 0)
        {
            throw new InvalidOperationException("Chats:Lore:ScanDepth and RecursionSteps must not be negative, and TokenBudget must be positive.");
        }

        return options;
    }
}
