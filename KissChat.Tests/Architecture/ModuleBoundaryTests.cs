using System.Reflection;
using NetArchTest.Rules;

namespace KissChat.Tests.Architecture;

/// <summary>Modules talk through each other's <c>Contracts</c>, and contracts are not HTTP-shaped.</summary>
public sealed class ModuleBoundaryTests
{
    private static readonly Assembly Kernel = typeof(KissChat.Kernel.KernelModule).Assembly;

    private static readonly Assembly[] Modules =
    [
        typeof(KissChat.Auth.AuthModule).Assembly,
        typeof(KissChat.Users.UsersModule).Assembly,
        typeof(KissChat.Characters.CharactersModule).Assembly,
        typeof(KissChat.Chats.ChatsModule).Assembly,
        typeof(KissChat.Jobs.JobsModule).Assembly,
        typeof(KissChat.Inference.InferenceModule).Assembly,
        typeof(KissChat.Admin.AdminModule).Assembly,
        typeof(KissChat.Lorebooks.LorebooksModule).Assembly,
        typeof(KissChat.Personas.PersonasModule).Assembly,
        typeof(KissChat.Presets.PresetsModule).Assembly,
    ];

    public static TheoryData<string> ModuleNames => new(Modules.Select(m => m.GetName().Name!));

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void AModuleReachesOtherModulesOnlyThroughTheirContracts(string module)
    {
        var assembly = Modules.Single(m => m.GetName().Name == module);
        var othersInternals = Modules.Where(m => m != assembly)
            .SelectMany(m => m.GetExportedTypes())
            .Where(t => !IsContract(t))
            .Select(t => t.FullName!)
            .ToArray();

        var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(othersInternals).GetResult();

        Assert.True(result.IsSuccessful, $"{module} uses other modules' internals: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void TheKernelKnowsNoModule()
    {
        var result = Types.InAssembly(Kernel).ShouldNot().HaveDependencyOnAny([.. Modules.Select(m => m.GetName().Name!)]).GetResult();

        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void ContractsAreNotHttpShaped()
    {
        var result = Types.InAssemblies(Modules).That().ResideInNamespaceEndingWith(".Contracts")
            .ShouldNot().HaveDependencyOnAny("Microsoft.AspNetCore.Http.HttpResults", "Microsoft.AspNetCore.Http.IResult", "Microsoft.AspNetCore.Http.HttpContext", "FastEndpoints")
            .GetResult();

        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    private static bool IsContract(Type type) => type.Namespace?.Split('.').Contains("Contracts") == true;
}
