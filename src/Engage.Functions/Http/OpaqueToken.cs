using System.Buffers.Text;
using System.Text.Json;

namespace Engage.Functions.Http;

/// <summary>
/// A list position handed to callers as base64url JSON of Engage's own. Decoding never throws on what a caller
/// sends; it says what is wrong, and the list checks every value before it reaches a filter.
/// </summary>
public static class OpaqueToken
{
    public enum Problem
    {
        None,
        TooLong,
        NotBase64Url,
        NotJsonOfTheShape,
    }

    public static string Encode<T>(T value) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(value));

    /// <param name="maxLength">Far above any token the list hands out, so a huge one is refused before it is decoded.</param>
    public static Problem TryDecode<T>(string token, int maxLength, out T? value)
        where T : class
    {
        value = null;
        if (token.Length > maxLength)
        {
            return Problem.TooLong;
        }

        byte[] json;
        try
        {
            json = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return Problem.NotBase64Url;
        }

        try
        {
            value = JsonSerializer.Deserialize<T>(json);
        }
        catch (JsonException)
        {
            return Problem.NotJsonOfTheShape;
        }

        return value is null ? Problem.NotJsonOfTheShape : Problem.None;
    }
}
