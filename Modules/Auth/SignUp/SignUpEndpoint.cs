using KissChat.Auth.Sessions;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using KissChat.Kernel.Identity;
using KissChat.Users.Contracts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Auth.SignUp;

internal static class SignUpEndpoint
{
    public static async Task<Results<Created<DataResponse<SessionData>>, ProblemHttpResult>> Handle(
        CredentialsRequest request,
        UserManager<AppUser> users,
        IUserProfiles profiles,
        Sessions.Sessions sessions,
        KissChatDbContext db,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        if (request.IsOAuth)
        {
            return OAuthNotAvailable.Problem(request.Method!);
        }

        var email = request.NormalizedEmail;
        var user = new AppUser { Id = Guid.CreateVersion7(), UserName = email, Email = email };
        try
        {
            // Account, profile, premium row and first session land together or not at all.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var created = await users.CreateAsync(user, request.Password!);
            if (!created.Succeeded)
            {
                return created.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail")
                    ? Problems.Conflict("An account with this email already exists.")
                    : Problems.BadRequest(string.Join(" ", created.Errors.Select(e => e.Description)));
            }

            profiles.AddNewUser(user.Id, email);
            var session = await sessions.StartAsync(user.Id, response, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return TypedResults.Created("/api/v1/auth/me", new DataResponse<SessionData>(new SessionData(new SessionUser(user.Id, email), session)));
        }
        catch (DbUpdateException)
        {
            // Two signups for one email raced past the duplicate check; the unique index decided.
            db.ChangeTracker.Clear();
            if (await users.FindByEmailAsync(email) is null)
            {
                throw;
            }

            return Problems.Conflict("An account with this email already exists.");
        }
    }
}
