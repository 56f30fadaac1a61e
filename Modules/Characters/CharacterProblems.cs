using KissChat.Characters.Contracts;
using KissChat.Characters.Data;
using KissChat.Kernel.Http;

namespace KissChat.Characters;

internal static class CharacterProblems
{
    public const string NsfwMessage =
        "This character is marked NSFW: it is shown only to accounts that turned show_nsfw on and are 18 or over (birth_date or confirm_adult).";

    /// <summary>The answer for a character the user may not use this way; the wording never reveals whose it is.</summary>
    public static ProblemHttpResult For(CharacterAccessOutcome outcome) =>
        outcome == CharacterAccessOutcome.Forbidden
            ? Problems.Forbidden("You do not own this character.")
            : Problems.NotFound("Character not found.");

    /// <summary>The answer for a character the user may not read.</summary>
    public static ProblemHttpResult For(ReadRefusal refusal) => refusal switch
    {
        ReadRefusal.Private => Problems.Forbidden("You do not own this character."),
        ReadRefusal.Nsfw => Problems.Forbidden(NsfwMessage),
        _ => Problems.NotFound("Character not found."),
    };
}
