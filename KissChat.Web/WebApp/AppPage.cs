using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.StaticAssets;

namespace KissChat.Web.WebApp;

/// <summary>
/// The app's index.html, filled in once from the static assets manifest: the stylesheet and entry module at their
/// fingerprinted URLs, and an import map that sends every module import to its fingerprinted URL too, so all of the app
/// but this page is cached for good and a new build is fetched at once. The page's Content-Security-Policy allows only
/// scripts from this server plus the import map itself (by its hash): nothing inline, nothing a reply could inject, runs.
/// </summary>
internal sealed record AppPage(string Html, string ContentSecurityPolicy)
{
    private const string Folder = "app/";

    public static AppPage Build(IReadOnlyList<StaticAssetDescriptor> assets)
    {
        // Every file has a plain endpoint and a fingerprinted one (label = the plain path); compressed variants repeat them
        // with selectors, so only the uncompressed fingerprinted endpoints name the URLs to use.
        var fingerprinted = assets
            .Where(asset => asset.Selectors.Count == 0)
            .Select(asset => (Label: Property(asset, "label"), asset.Route, Integrity: Property(asset, "integrity")))
            .Where(asset => asset.Label is not null && asset.Label != asset.Route && asset.Label.StartsWith(Folder, StringComparison.Ordinal))
            .DistinctBy(asset => asset.Label)
            .ToDictionary(asset => "/" + asset.Label, asset => (Url: "/" + asset.Route, asset.Integrity));

        var modules = fingerprinted.Where(asset => asset.Key.EndsWith(".js", StringComparison.Ordinal)).ToList();
        var importMap = new ImportMapDefinition(
            modules.ToDictionary(asset => asset.Key, asset => asset.Value.Url),
            scopes: null,
            modules.Where(asset => asset.Value.Integrity is not null).ToDictionary(asset => asset.Value.Url, asset => asset.Value.Integrity!)).ToString();

        var html = Template()
            .Replace("{{stylesheet}}", Url(fingerprinted, "/app/app.css"), StringComparison.Ordinal)
            .Replace("{{entry}}", Url(fingerprinted, "/app/main.js"), StringComparison.Ordinal)
            .Replace("{{importmap}}", importMap, StringComparison.Ordinal);
        var importMapHash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(importMap)));
        var policy = $"default-src 'self'; script-src 'self' 'sha256-{importMapHash}'; style-src 'self'; img-src 'self' data: blob:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
        return new AppPage(html, policy);
    }

    private static string? Property(StaticAssetDescriptor asset, string name) =>
        asset.Properties.FirstOrDefault(property => property.Name == name)?.Value;

    private static string Url(Dictionary<string, (string Url, string? Integrity)> assets, string path) =>
        assets.TryGetValue(path, out var asset) ? asset.Url : path;

    private static string Template()
    {
        using var stream = typeof(AppPage).Assembly.GetManifestResourceStream("KissChat.Web.WebApp.index.html")
            ?? throw new InvalidOperationException("The web app's index.html is not embedded in KissChat.Web.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
