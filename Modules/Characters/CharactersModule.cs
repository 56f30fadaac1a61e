using KissChat.Characters.Contracts;
using KissChat.Characters.CreateCharacter;
using KissChat.Characters.GetCharacter;
using KissChat.Characters.Persona;
using KissChat.Kernel.Database;
using KissChat.Kernel.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Characters;

public static class CharactersModule
{
    public static IServiceCollection AddCharacters(this IServiceCollection services)
    {
        services.AddSingleton(new ModuleModel(typeof(CharactersModule).Assembly));
        services.AddValidatorsOf(typeof(CharactersModule).Assembly);
        services.AddScoped<ICharacterCatalog, CharacterCatalog>();
        return services;
    }

    public static IEndpointRouteBuilder MapCharacters(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/character").WithTags("Characters").RequireAuthorization();
        group.MapPost("/create", CreateCharacterEndpoint.Handle)
            .WithName("CreateCharacter")
            .WithSummary("Create a character you own, with any of its physical, personality and behavior attributes.")
            .Validate<CreateCharacterRequest>();
        group.MapGet("/get/{id}", GetCharacterEndpoint.Handle)
            .WithName("GetCharacter")
            .WithSummary("Get one of your characters.");
        return routes;
    }
}
