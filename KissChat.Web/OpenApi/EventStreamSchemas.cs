using KissChat.Kernel.Endpoints;
using Namotion.Reflection;
using NJsonSchema;
using NSwag.Generation.AspNetCore;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace KissChat.Web.OpenApi;

/// <summary>
/// Shows an SSE answer described by <see cref="EventStreamFrames"/> as one named schema: a oneOf of its frame records,
/// each with its own literal <c>status</c>, so a client generator turns the frames into a tagged union.
/// </summary>
internal sealed class EventStreamSchemas : IOperationProcessor
{
    private const string Discriminator = "status";

    public bool Process(OperationProcessorContext context)
    {
        var metadata = ((AspNetCoreOperationProcessorContext)context).ApiDescription.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<EventStreamFrames>().LastOrDefault() is not { } frames
            || !context.OperationDescription.Operation.Responses.TryGetValue("200", out var response)
            || !response.Content.TryGetValue(EventStreamFrames.ContentType, out var content))
        {
            return true;
        }

        var schemas = context.Document.Components.Schemas;
        if (!schemas.TryGetValue(frames.Name, out var union))
        {
            union = Union(frames, context);
            schemas[frames.Name] = union;
        }

        content.Schema = new JsonSchema { Reference = union };
        response.Description = frames.Description;
        return true;
    }

    private static JsonSchema Union(EventStreamFrames frames, OperationProcessorContext context)
    {
        var union = new JsonSchema
        {
            Description = frames.Description,
            DiscriminatorObject = new OpenApiDiscriminator { PropertyName = Discriminator },
        };
        foreach (var (status, type) in frames.Frames)
        {
            var frame = context.SchemaGenerator.GenerateWithReference<JsonSchema>(type.ToContextualType(), context.SchemaResolver);
            var literal = frame.ActualSchema.Properties[Discriminator];
            literal.Enumeration.Clear();
            literal.Enumeration.Add(status);
            union.OneOf.Add(frame);
            union.DiscriminatorObject.Mapping[status] = new JsonSchema { Reference = frame.ActualSchema };
        }

        return union;
    }
}
