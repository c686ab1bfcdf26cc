using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OdooSidecar.Identity;

/// <summary>
/// Verifies passlib's <c>pbkdf2_sha512</c> hashes, the format Odoo stores API keys and passwords in:
/// <c>$pbkdf2-sha512$rounds$salt$checksum</c>, salt and checksum in passlib's "ab64" (base64 with '.' for '+',
/// no padding).
/// </summary>
public static class PasslibPbkdf2Sha512
{
    private const string Prefix = "$pbkdf2-sha512$";
    private const int MaxRounds = 10_000_000;
    private const int ChecksumBytes = 64;

    /// <summary>True when <paramref name="secret"/> matches <paramref name="hash"/>; false for any malformed hash.</summary>
    public static bool Verify(string secret, string hash)
    {
        if (!hash.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        // passlib refuses zero-padded rounds and any checksum but the full 64 bytes; a shorter one would compare
        // only a prefix of the derived key.
        var parts = hash[Prefix.Length..].Split('$');
        if (parts.Length != 3
            || parts[0].StartsWith('0')
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var rounds)
            || rounds is < 1 or > MaxRounds
            || DecodeAb64(parts[1]) is not { } salt
            || DecodeAb64(parts[2]) is not { Length: ChecksumBytes } expected)
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, rounds, HashAlgorithmName.SHA512, ChecksumBytes);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Hashes <paramref name="secret"/> the way passlib does; for tests and tooling.</summary>
    public static string Hash(string secret, int rounds = 6000)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var checksum = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, rounds, HashAlgorithmName.SHA512, ChecksumBytes);
        return $"{Prefix}{rounds.ToString(CultureInfo.InvariantCulture)}${EncodeAb64(salt)}${EncodeAb64(checksum)}";
    }

    /// <summary>Decodes ab64, refusing what <see cref="Convert"/> would tolerate: whitespace, '+' and padding.</summary>
    private static byte[]? DecodeAb64(string text)
    {
        if (!text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '/'))
        {
            return null;
        }

        var base64 = text.Replace('.', '+');
        base64 += new string('=', (4 - (base64.Length % 4)) % 4);
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var written) ? bytes[..written] : null;
    }

    private static string EncodeAb64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '.');
}
