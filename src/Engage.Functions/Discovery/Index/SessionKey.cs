using System.Security.Cryptography;
using System.Text;

namespace Engage.Functions.Discovery.Index;

/// <summary>
/// A session id as a RowKey. n8n session ids are free-form text up to 255 characters; letters, digits, '.',
/// '_' and '-' stay as they are (UUIDs read as themselves) and every other UTF-8 byte becomes !XX, so the
/// key never holds a character tables forbid and always sorts before the activity rows' '~'. ('%' would do,
/// but Azurite decodes it in point-read URLs once too often.) A key that would be too long ends in a hash.
/// </summary>
public static class SessionKey
{
    private const int MaxLength = 400;

    public static string For(string sessionId)
    {
        var key = new StringBuilder(sessionId.Length);
        foreach (var b in Encoding.UTF8.GetBytes(sessionId))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            {
                key.Append(c);
            }
            else
            {
                key.Append('!').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        if (key.Length <= MaxLength)
        {
            return key.ToString();
        }

        // "!!" never comes out of the escaping above, so hashed keys cannot collide with plain ones.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sessionId)));
        return key.ToString(0, MaxLength - 66) + "!!" + hash;
    }
}
