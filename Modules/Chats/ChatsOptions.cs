using KissChat.Chats.Prompt;
using KissChat.Kernel.Configuration;
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
            section.Int("MaxPromptCharacters", 8000, 1, 10_000_000),
            section.Int("HistoryLoadLimit", 400, 1, 1_000_000),
            section.Int("MaxMessageCharacters", 32000, 1, 10_000_000),
            configuration.Flag("CREDITS_ENABLED", false),
            configuration.GetSection("Credits").Int("CostPerReply", 1, 0, 1_000_000),
            new LoreOptions(lore.Int("ScanDepth", 4, 0, 1_000_000), lore.Int("TokenBudget", 1024, 1, 10_000_000), lore.Int("RecursionSteps", 3, 0, 100)));
        return options;
    }
}
