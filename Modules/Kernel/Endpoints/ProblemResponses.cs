using KissChat.Kernel.Http;

namespace KissChat.Kernel.Endpoints;

public static class ProblemResponses
{
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
