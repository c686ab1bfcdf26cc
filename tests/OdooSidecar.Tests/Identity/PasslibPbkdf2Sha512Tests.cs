using System.Diagnostics;
using System.Text.Json;
using OdooSidecar.Identity;

namespace OdooSidecar.Tests.Identity;

public sealed class PasslibPbkdf2Sha512Tests(PasslibPbkdf2Sha512Tests.Passlib passlib) : IClassFixture<PasslibPbkdf2Sha512Tests.Passlib>
{
    [Fact]
    public void Hashes_made_by_passlib_verify_with_their_secret()
    {
        Assert.Equal(Passlib.Requests.Length, passlib.Made.Count);
        Assert.All(passlib.Made, made => Assert.True(PasslibPbkdf2Sha512.Verify(made.Secret, made.Hash), made.Hash));
    }

    [Fact]
    public void Passlib_made_the_hashes_in_the_shape_Odoo_stores()
    {
        Assert.All(passlib.Made.Zip(Passlib.Requests), pair =>
        {
            var parts = pair.First.Hash.Split('$');
            Assert.Equal(["", "pbkdf2-sha512", pair.Second.Rounds.ToString(System.Globalization.CultureInfo.InvariantCulture)], parts[..3]);
            Assert.Equal(Ab64Length(pair.Second.SaltSize), parts[3].Length);
            Assert.Equal(Ab64Length(64), parts[4].Length);
        });
    }

    [Fact]
    public void Hashes_made_by_passlib_refuse_any_other_secret() =>
        Assert.All(passlib.Made, made =>
        {
            Assert.False(PasslibPbkdf2Sha512.Verify(made.Secret + "x", made.Hash));
            Assert.False(PasslibPbkdf2Sha512.Verify(made.Secret[1..], made.Hash));
            Assert.All(passlib.Made.Where(other => other.Secret != made.Secret), other => Assert.False(PasslibPbkdf2Sha512.Verify(other.Secret, made.Hash)));
        });

    [Fact]
    public void Malformed_hashes_never_verify_even_with_the_right_secret()
    {
        Assert.Equal(Passlib.Malformed.Length, passlib.MalformedVerdicts.Count);
        Assert.All(Passlib.Malformed.Zip(passlib.MalformedVerdicts), pair =>
        {
            var (name, hash) = pair.First;
            Assert.True(pair.Second is not true, $"passlib verifies the {name} hash, so it is no malformed example: {hash}");
            Assert.False(PasslibPbkdf2Sha512.Verify(Passlib.ApiKey, hash), $"the {name} hash verified: {hash}");
        });
    }

    [Fact]
    public void Hashes_made_by_the_sidecar_verify_under_passlib()
    {
        Assert.Equal(Passlib.Ours.Length, passlib.OurVerdicts.Count);
        Assert.All(Passlib.Ours.Zip(passlib.OurVerdicts), pair => Assert.True(pair.Second, $"passlib refused {pair.First.Hash}"));
        Assert.All(Passlib.Ours, ours => Assert.True(PasslibPbkdf2Sha512.Verify(ours.Secret, ours.Hash)));
    }

    [Fact]
    public void The_sidecar_salts_every_hash_anew()
    {
        var first = PasslibPbkdf2Sha512.Hash(Passlib.ApiKey);
        var second = PasslibPbkdf2Sha512.Hash(Passlib.ApiKey);

        Assert.NotEqual(first, second);
        Assert.StartsWith("$pbkdf2-sha512$6000$", first, StringComparison.Ordinal);
    }

    private static int Ab64Length(int bytes) => (int)Math.Ceiling(bytes * 4 / 3.0);

    /// <summary>One run of the real passlib: hashes it makes, and its verdict on ours and on malformed hashes.</summary>
    public sealed class Passlib
    {
        public const string ApiKey = "9f3c2a7b4e1d08c6a5b3f2e1d0c9b8a7f6e5d4c3";

        public static readonly Request[] Requests =
        [
            new(ApiKey, 6000, 16),
            new("0123456789abcdef0123456789abcdef01234567", 6000, 8),
            new("Pässwörd ✓ 密码 😀", 25000, 16),
            new("correct horse battery staple", 25000, 8),
            new(" ", 6000, 16),
        ];

        public static readonly (string Secret, string Hash)[] Ours =
        [
            (ApiKey, PasslibPbkdf2Sha512.Hash(ApiKey)),
            ("Pässwörd ✓ 密码 😀", PasslibPbkdf2Sha512.Hash("Pässwörd ✓ 密码 😀", rounds: 25000)),
            ("password with $ and . and /", PasslibPbkdf2Sha512.Hash("password with $ and . and /", rounds: 1)),
        ];

        /// <summary>Spoilt copies of a valid hash of <see cref="ApiKey"/> (salt and checksum fixed, so the cases are stable).</summary>
        public static readonly (string Name, string Hash)[] Malformed = MalformedCopies(PasslibPbkdf2Sha512.Hash(ApiKey));

        private const string Script = """
            import json, sys
            try:
                from passlib.hash import pbkdf2_sha512
            except ImportError:
                sys.exit(3)

            def verdict(secret, hash):
                try:
                    return pbkdf2_sha512.verify(secret, hash)
                except (ValueError, TypeError):
                    return None

            request = json.load(sys.stdin)
            json.dump({
                "made": [pbkdf2_sha512.using(rounds=r["rounds"], salt_size=r["salt_size"]).hash(r["secret"]) for r in request["make"]],
                "ours": [verdict(c["secret"], c["hash"]) for c in request["ours"]],
                "malformed": [verdict(request["secret"], h) for h in request["malformed"]],
            }, sys.stdout)
            """;

        public Passlib()
        {
            var request = JsonSerializer.Serialize(new
            {
                make = Requests.Select(r => new { secret = r.Secret, rounds = r.Rounds, salt_size = r.SaltSize }),
                ours = Ours.Select(o => new { secret = o.Secret, hash = o.Hash }),
                secret = ApiKey,
                malformed = Malformed.Select(m => m.Hash),
            });
            var start = new ProcessStartInfo("/usr/bin/python3", ["-c", Script])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var python = Process.Start(start) ?? throw new InvalidOperationException("/usr/bin/python3 did not start.");
            var output = python.StandardOutput.ReadToEndAsync();
            var errors = python.StandardError.ReadToEndAsync();
            python.StandardInput.Write(request);
            python.StandardInput.Close();
            python.WaitForExit();
            if (python.ExitCode == 3)
            {
                throw new InvalidOperationException(
                    "passlib is not installed for /usr/bin/python3: install the Debian package python3-passlib "
                    + "(apt-get install -y python3-passlib; `make test` does it for you).");
            }

            if (python.ExitCode != 0)
            {
                throw new InvalidOperationException($"passlib's run failed with exit code {python.ExitCode}: {errors.Result}");
            }

            using var answer = JsonDocument.Parse(output.Result);
            var root = answer.RootElement;
            Made = [.. root.GetProperty("made").EnumerateArray().Zip(Requests, (hash, r) => (r.Secret, hash.GetString()!))];
            OurVerdicts = [.. root.GetProperty("ours").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.True)];
            MalformedVerdicts = [.. root.GetProperty("malformed").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? (bool?)null : v.GetBoolean())];
        }

        public IReadOnlyList<(string Secret, string Hash)> Made { get; }

        public IReadOnlyList<bool> OurVerdicts { get; }

        /// <summary>passlib's verdict on each <see cref="Malformed"/> hash: null when it refuses to parse it.</summary>
        public IReadOnlyList<bool?> MalformedVerdicts { get; }

        private static (string Name, string Hash)[] MalformedCopies(string valid)
        {
            var parts = valid.Split('$');
            string Join(string rounds, string salt, string checksum) => $"$pbkdf2-sha512${rounds}${salt}${checksum}";
            var (rounds, salt, checksum) = (parts[2], parts[3], parts[4]);
            return
            [
                ("sha256 prefix", $"$pbkdf2-sha256${rounds}${salt}${checksum}"),
                ("sha1 prefix", $"$pbkdf2${rounds}${salt}${checksum}"),
                ("upper-case prefix", $"$PBKDF2-SHA512${rounds}${salt}${checksum}"),
                ("prefix without its leading dollar", valid[1..]),
                ("zero rounds", Join("0", salt, checksum)),
                ("zero-padded rounds", Join("0" + rounds, salt, checksum)),
                ("negative rounds", Join("-" + rounds, salt, checksum)),
                ("rounds as a word", Join("many", salt, checksum)),
                ("rounds beyond 32 bits", Join("99999999999", salt, checksum)),
                ("salt with a character outside ab64", Join(rounds, "!" + salt[1..], checksum)),
                ("checksum with a character outside ab64", Join(rounds, salt, checksum[..^1] + "*")),
                ("checksum of impossible length", Join(rounds, salt, checksum + "A")),
                ("checksum cut by one character", Join(rounds, salt, checksum[..^1])),
                ("checksum cut to half", Join(rounds, salt, checksum[..(checksum.Length / 2)])),
                ("checksum missing", Join(rounds, salt, string.Empty)),
                ("no checksum field", $"$pbkdf2-sha512${rounds}${salt}"),
                ("an extra field", valid + "$extra"),
                ("empty", string.Empty),
            ];
        }
    }

    /// <summary>What passlib is asked to hash.</summary>
    public sealed record Request(string Secret, int Rounds, int SaltSize);
}
