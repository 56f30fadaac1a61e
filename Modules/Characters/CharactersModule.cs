using FastEndpoints;
using KissChat.Characters.Catalog;
using KissChat.Characters.Contracts;
using KissChat.Characters.Data;
using KissChat.Characters.DeleteCharacter;
using KissChat.Characters.ExportCharacter;
using KissChat.Characters.ListTags;
using KissChat.Characters.Moderation;
using KissChat.Characters.Trending;
using KissChat.Kernel.Configuration;
using KissChat.Kernel.Database;
using KissChat.Kernel.Export;
using KissChat.Kernel.Files;
using KissChat.Kernel.Identity;
using KissChat.Kernel.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Characters;

public static class CharactersModule
{
    public static IServiceCollection AddCharacters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new ModuleModel(typeof(CharactersModule).Assembly));
        services.AddSingleton<ParsedCards>();
        var tagListFor = configuration.GetSection("Characters").Seconds("TagListSeconds", 30, 0, 3600);
        services.AddSingleton(_ => new KeptTagCounts(tagListFor));
        services.AddScoped<ICharacterCatalog, CharacterCatalog>();
        services.AddScoped<ICharacterModeration, CharacterModeration>();
        services.AddScheduledWork<PruneChatDays>(when => when.Daily());
        services.AddScoped<IOwnedAvatars, CharacterAvatars>();
        services.AddScoped<IAccountDeletion, CharactersOfDeletedAccounts>();
        services.AddScoped<IUserDataExport, OwnCharactersExport>();
        services.AddAvatars();
        return services;
    }
}

/// <summary>The character routes: <c>/api/v1/character/…</c>, for signed-in users (browsing the library and its tags is open to visitors).</summary>
internal sealed class CharactersGroup : Group
{
    public CharactersGroup() => Configure("/api/v1/character", endpoint => endpoint.Description(b => b.WithTags("Characters")));
}
