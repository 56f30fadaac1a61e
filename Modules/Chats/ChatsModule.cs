using FastEndpoints;
using KissChat.Characters.Contracts;
using KissChat.Chats.AutoTitle;
using KissChat.Chats.Contracts;
using KissChat.Chats.DeleteChat;
using KissChat.Chats.GetChat;
using KissChat.Chats.ExportChat;
using KissChat.Chats.Groups;
using KissChat.Chats.Impersonate;
using KissChat.Chats.ImportChat;
using KissChat.Chats.Memory;
using KissChat.Chats.Pinning;
using KissChat.Chats.Prompt;
using KissChat.Chats.Replies;
using KissChat.Chats.SearchMessages;
using KissChat.Chats.Streaming;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Database;
using KissChat.Kernel.Export;
using KissChat.Kernel.Identity;
using KissChat.Kernel.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Chats;

public static class ChatsModule
{
    public static IServiceCollection AddChats(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new ModuleModel(typeof(ChatsModule).Assembly));
        services.AddSingleton(ChatsOptions.From(configuration));
        services.AddSingleton(ChatImportOptions.From(configuration));
        services.AddScoped<ChatWrites>();
        services.AddSingleton<ReplyStarts>();
        services.AddSingleton<PromptReadAhead>();
        services.AddScoped<IChatStatistics, ChatStatistics>();
        services.AddScoped<ChatPrompts>();
        services.AddScoped<ChatViews>();
        services.AddScoped<GroupSpeakers>();
        services.AddScoped<MessageSearch>();
        services.AddScheduledWork<IndexNewMessages>(when => when.EverySeconds(IndexNewMessages.IntervalSeconds));
        services.AddScoped<AutoTitles>();
        services.AddSingleton<ImpersonationSlots>();
        services.AddScoped<IAccountClosing, ImpersonationsOfClosedAccounts>();
        services.AddScoped<ICharacterRemovalListener, OwnChatsGoWithTheCharacter>();
        services.AddScoped<ICharacterWithdrawalListener, ChatsKeepAWithdrawnCharacter>();
        services.AddScoped<SillyTavernChat>();
        services.AddScoped<ChatDownloads>();
        services.AddScoped<IUserDataExport, OwnChatsExport>();
        services.AddJobHandler<ChatReplyHandler>(ChatReplyHandler.Kind);

        var memory = MemoryOptions.From(configuration);
        services.AddSingleton(memory);
        services.AddScoped<ChatMemories>();
        services.AddJobHandler<SummaryHandler>(SummaryHandler.Kind, JobLane.Background);
        services.AddScheduledWork<RetrySummaries>(when => when.EverySeconds((int)memory.SweepInterval.TotalSeconds));
        return services;
    }
}

/// <summary>The chat routes: <c>/api/v1/chat/…</c>, for the signed-in user only.</summary>
internal sealed class ChatsGroup : Group
{
    public ChatsGroup() => Configure("/api/v1/chat", endpoint => endpoint.Description(b => b.WithTags("Chats")));
}
