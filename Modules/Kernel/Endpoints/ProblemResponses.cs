using KissChat.Kernel.Http;

namespace KissChat.Kernel.Endpoints;

public static class ProblemResponses
{
    /// <summary>
    /// A JSON body the client may leave out, with or without a Content-Type. FastEndpoints answers 415 to a request
    /// without a Content-Type unless the endpoint accepts <c>*/*</c>, so it does; the API document shows only the JSON
    /// body, marked optional (see the host's OptionalBodies).
    /// </summary>
    public static RouteHandlerBuilder OptionalJsonBody<TRequest>(this RouteHandlerBuilder builder)
        where TRequest : notnull =>
        FastEndpoints.RouteHandlerBuilderExtensions.ClearDefaultAccepts(builder)
            .Accepts<TRequest>(isOptional: true, "application/json", "*/*");

    /// <summary>Documents the error statuses an operation can answer, each with the <see cref="ApiProblem"/> body.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.Produces<ApiProblem>(status, ApiProblem.ContentType);
        }

        return builder;
    }
}
