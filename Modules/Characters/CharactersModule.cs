using KissChat.Characters.BrowseCharacters;
using KissChat.Characters.Contracts;
using KissChat.Characters.CreateCharacter;
using KissChat.Characters.DeleteCharacter;
using KissChat.Characters.ExportCharacter;
using KissChat.Characters.GetCharacter;
using KissChat.Characters.ImportCharacter;
using KissChat.Characters.ListCharacters;
using KissChat.Characters.Persona;
using KissChat.Characters.UpdateCharacter;
using KissChat.Characters.UploadAvatar;
using KissChat.Kernel.Database;
using KissChat.Characters.Data;
using KissChat.Kernel.Files;
using KissChat.Kernel.Validation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Characters;

public static class CharactersModule
{
    public static IServiceCollection AddCharacters(this IServiceCollection services)
    {
        services.AddSingleton(new ModuleModel(typeof(CharactersModule).Assembly));
        services.AddValidatorsOf(typeof(CharactersModule).Assembly);
        services.AddScoped<ICharacterCatalog, CharacterCatalog>();
        services.AddScoped<IOwnedAvatars, CharacterAvatars>();
        services.AddAvatars();
        return services;
    }

    public static IEndpointRouteBuilder MapCharacters(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/character").WithTags("Characters").RequireAuthorization();
        group.MapPost("/create", CreateCharacterEndpoint.Handle)
            .WithName("CreateCharacter")
            .WithSummary("Create a character you own, with any of its physical, personality and behavior attributes and its visibility.")
            .Validate<CreateCharacterRequest>();
        group.MapGet("/get/{id}", GetCharacterEndpoint.Handle)
            .WithName("GetCharacter")
            .WithSummary("Get one of your characters, or anyone's public one.");
        group.MapGet("/list", ListMyCharactersEndpoint.Handle)
            .WithName("ListMyCharacters")
            .WithSummary("Your characters, newest first, a page at a time (cursor from next_cursor; limit 1-100, default 20).")
            .Validate<MyCharactersQuery>();
        group.MapGet("/public", BrowsePublicCharactersEndpoint.Handle)
            .WithName("BrowsePublicCharacters")
            .WithSummary("Everyone's public characters, by tag and name, most chatted or newest first, a page at a time.")
            .Validate<PublicCharactersQuery>();
        group.MapPatch("/update/{id}", UpdateCharacterEndpoint.Handle)
            .WithName("UpdateCharacter")
            .WithSummary("Change some fields of your character: absent fields stay, null clears (name cannot be cleared).")
            .Accepts<UpdateCharacterRequest>("application/json")
            .Validate<UpdateCharacterRequest>();
        group.MapDelete("/delete/{id}", DeleteCharacterEndpoint.Handle)
            .WithName("DeleteCharacter")
            .WithSummary("Delete your character together with every chat with it.");
        group.MapPost("/{id}/avatar", UploadCharacterAvatarEndpoint.Handle)
            .WithName("UploadCharacterAvatar")
            .WithSummary("Upload your character's avatar: a PNG, JPEG or WebP image of at most 5 MB in the form field 'file'.")
            .AcceptsAvatarUpload()
            .DisableAntiforgery();
        group.MapPost("/import", ImportCharacterEndpoint.Handle)
            .WithName("ImportCharacter")
            .WithSummary("Import a Character Card V2 or V3 (SillyTavern, chub) as a new private character.")
            // No Accepts metadata: routing would answer 415 to every content type but the one declared, and this route takes two.
            .WithDescription("Send the card's JSON as application/json, or upload a PNG or JSON card file as the multipart/form-data field 'file' (up to 10 MB).")
            .WithMetadata(new RequestSizeLimitAttribute(ImportCharacterEndpoint.MaxUploadBytes))
            // The handler reads the form itself, so no antiforgery check is inferred; this states the decision. The
            // session cookies are SameSite=Strict, so a cross-site form post never arrives signed in, and the SPA has no token to send.
            .DisableAntiforgery();
        group.MapGet("/export/{id}", ExportCharacterEndpoint.Handle)
            .WithName("ExportCharacter")
            .WithSummary("Download one of your characters as a character card: format=json (default) or png, version=3 (default) or 2.");
        return routes;
    }
}
