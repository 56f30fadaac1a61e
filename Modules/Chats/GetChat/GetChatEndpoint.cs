using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;

namespace KissChat.Chats.GetChat;

/// <param name="Id">The chat, from the route.</param>
internal sealed record GetChatRequest(Guid Id);

/// <summary>The chat <c>chat/new</c>'s Location header points at.</summary>
internal sealed class GetChatEndpoint(CurrentUser me, KissChatDbContext db, ChatViews views)
    : Endpoint<GetChatRequest, Results<Ok<DataResponse<ChatView>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/{id}");
        Group<ChatsGroup>();
        Description(b => b.WithName("GetChat").ProducesProblems(403, 404));
        Summary(s => s.Summary = "A chat with its persona, lorebooks, author's note, generation settings and whether its character is pinned.");
    }

    public override async Task<Results<Ok<DataResponse<ChatView>>, ProblemHttpResult>> ExecuteAsync(GetChatRequest request, CancellationToken ct)
    {
        var (chat, problem) = await ChatAccess.FindOwnAsync(db, request.Id, me.Id, ct);
        return chat is null ? problem! : TypedResults.Ok(new DataResponse<ChatView>(await views.LoadAsync(chat, ct)));
    }
}
