using Microsoft.AspNetCore.Http.Metadata;
using NSwag.Generation.AspNetCore;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace KissChat.Web.OpenApi;

/// <summary>
/// An endpoint whose JSON body is optional accepts <c>*/*</c> only so that a request without any body is not a 415;
/// the document shows the JSON body alone, not required.
/// </summary>
internal sealed class OptionalBodies : IOperationProcessor
{
    public bool Process(OperationProcessorContext context)
    {
        var metadata = ((AspNetCoreOperationProcessorContext)context).ApiDescription.ActionDescriptor.EndpointMetadata;
        var body = context.OperationDescription.Operation.RequestBody;
        if (body is not null && metadata.OfType<IAcceptsMetadata>().LastOrDefault() is { IsOptional: true })
        {
            body.Content.Remove("*/*");
            body.IsRequired = false;
        }

        return true;
    }
}
