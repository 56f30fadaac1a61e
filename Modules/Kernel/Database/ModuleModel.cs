using System.Reflection;

namespace KissChat.Kernel.Database;

/// <summary>A module registers one of these so the shared DbContext applies its entity configurations.</summary>
public sealed record ModuleModel(Assembly Assembly);
