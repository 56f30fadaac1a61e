using System.Text.Json;
using KissChat.Kernel.Database;
using KissChat.Kernel.Export;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace KissChat.Users.ExportMyData;

/// <summary>The export's <c>profile.json</c>: the profile and premium status as <c>GET auth/me</c> shows them.</summary>
internal sealed class ProfileExport(KissChatDbContext db, IOptions<JsonOptions> json, TimeProvider clock) : IUserDataExport
{
    public async Task WriteAsync(Guid userId, UserExportArchive archive, CancellationToken cancellationToken)
    {
        if (await ProfileQuery.FindAsync(db, userId, clock, cancellationToken) is { } profile)
        {
            await archive.AddAsync("profile.json", JsonSerializer.SerializeToUtf8Bytes(profile, json.Value.SerializerOptions), cancellationToken);
        }
    }
}
