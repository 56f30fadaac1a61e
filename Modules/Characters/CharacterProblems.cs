using KissChat.Characters.Contracts;
using KissChat.Kernel.Http;

namespace KissChat.Characters;

internal static class CharacterProblems
{
    /// <summary>The answer for a character the user may not use this way; the wording never reveals whose it is.</summary>
    public static ProblemHttpResult For(CharacterAccessOutcome outcome) =>
        outcome == CharacterAccessOutcome.Forbidden
            ? Problems.Forbidden("You do not own this character.")
            : Problems.NotFound("Character not found.");
}
