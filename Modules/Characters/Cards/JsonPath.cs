using System.Text.Json.Nodes;

namespace KissChat.Characters.Cards;

/// <summary>Setting members of nested objects by dotted path, such as <c>extensions.talkativeness</c>.</summary>
internal static class JsonPath
{
    /// <summary>Sets the member at <paramref name="path"/>, adding the objects on the way; false when a step is something else.</summary>
    public static bool TrySet(JsonObject root, string path, JsonNode? value)
    {
        var steps = path.Split('.');
        var current = root;
        foreach (var step in steps[..^1])
        {
            if (!current.TryGetPropertyValue(step, out var next))
            {
                current[step] = next = new JsonObject();
            }

            if (next is not JsonObject nextObject)
            {
                return false;
            }

            current = nextObject;
        }

        current[steps[^1]] = value;
        return true;
    }
}
