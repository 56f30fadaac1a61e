using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Benchmarks;

/// <summary>
/// Makes a chat long in seconds by inserting its history straight into <c>chat_messages</c>, shaped like the
/// rows real turns leave: alternating user and assistant messages, each reply with its first swipe.
/// </summary>
internal static class ChatSeeder
{
    private const int BatchSize = 1000;

    private const string UserText =
        "I lean on the counter and ask about the ship that came in this morning, the one with the torn red sails.";

    private const string AssistantText =
        "Mira wipes a mug and lowers her voice. \"The Crimson Heron? Came in limping at dawn, half her crew sick "
        + "and the captain in a foul temper. Paid in old silver, too, the kind nobody has minted for forty years. "
        + "If you ask me, they weren't fishing.\" She sets the mug down and nods towards a hooded figure by the fire. "
        + "\"That one came off her. Hasn't touched his stew.\"";

    public static async Task SeedAsync(IServiceProvider services, Guid chatId, int count)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        var seq = await db.Set<ChatMessage>().Where(m => m.ChatId == chatId).MaxAsync(m => (int?)m.Seq) ?? 0;
        // The chat ends on the greeting, so the user speaks first: at the positions of the other parity than the greeting's.
        var userParity = (seq + 1) % 2;
        var now = DateTime.UtcNow;
        for (var written = 0; written < count; written += BatchSize)
        {
            foreach (var _ in Enumerable.Range(0, Math.Min(BatchSize, count - written)))
            {
                seq++;
                var fromUser = seq % 2 == userParity;
                var message = new ChatMessage
                {
                    Id = Guid.CreateVersion7(),
                    ChatId = chatId,
                    Seq = seq,
                    Role = fromUser ? ChatRoles.User : ChatRoles.Assistant,
                    Content = fromUser ? $"({seq}) {UserText}" : $"({seq}) {AssistantText}",
                    CreatedAt = now,
                };
                db.Add(message);
                if (!fromUser)
                {
                    db.Add(new MessageSwipe { MessageId = message.Id, Index = 0, Content = message.Content, CreatedAt = now });
                }
            }

            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }
}
