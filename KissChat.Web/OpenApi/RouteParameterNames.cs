using System.Text.Json;
using System.Text.RegularExpressions;
using NSwag;
using NSwag.Generation.AspNetCore;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace KissChat.Web.OpenApi;

/// <summary>
/// FastEndpoints renames route parameters by the JSON naming policy (<c>{jobId}</c> would read <c>{job_id}</c>); the
/// document keeps the names the routes have always had, which clients and the API's tests use.
/// </summary>
internal sealed partial class RouteParameterNames : IOperationProcessor
{
    public bool Process(OperationProcessorContext context)
    {
        var route = ((AspNetCoreOperationProcessorContext)context).ApiDescription.RelativePath ?? string.Empty;
        var operation = context.OperationDescription;
        foreach (var name in RouteParameter().Matches(route).Select(m => m.Groups[1].Value))
        {
            var renamed = JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
            if (renamed == name)
            {
                continue;
            }

            operation.Path = operation.Path.Replace($"{{{renamed}}}", $"{{{name}}}", StringComparison.Ordinal);
            foreach (var parameter in operation.Operation.Parameters.Where(p => p.Kind == OpenApiParameterKind.Path && p.Name == renamed))
            {
                parameter.Name = name;
            }
        }

        return true;
    }

    [GeneratedRegex(@"\{\*?(\w+)")]
    private static partial Regex RouteParameter();
}
