using Renci.SshNet;
using Renci.SshNet.Common;
using Traas.Tool.Cli;

namespace Traas.Tool.Waiting;

/// <summary>
/// The private key traas-ci logs in to the undercloud with: --ssh-key FILE, else the key itself in
/// TRAAS_SSH_KEY (a secret, in a workflow), else ~/.ssh/id_ed25519 or ~/.ssh/id_rsa.
/// TRAAS_SSH_KEY_PASSPHRASE unlocks an encrypted key. The key's text is never printed.
/// </summary>
public static class SshKey
{
    public const string KeyVariable = "TRAAS_SSH_KEY";
    public const string PassphraseVariable = "TRAAS_SSH_KEY_PASSPHRASE";

    public static PrivateKeyFile Load(string? keyFile, IReadOnlyDictionary<string, string> environment)
    {
        var passphrase = environment.GetValueOrDefault(PassphraseVariable) is { Length: > 0 } p ? p : null;
        if (keyFile is null && environment.GetValueOrDefault(KeyVariable) is { Length: > 0 } text)
            return Parse(() => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim() + "\n")), passphrase, $"the key in {KeyVariable}");
        var path = keyFile ?? DefaultKeyFile(environment)
            ?? throw new TraasException(ExitCodes.BadInput,
                $"no SSH key to log in to the undercloud with: give --ssh-key FILE, or the key itself in {KeyVariable}");
        if (!File.Exists(path))
            throw new TraasException(ExitCodes.BadInput, $"--ssh-key {path}: no such file; give the private key the stack's key_name belongs to");
        return Parse(() => File.OpenRead(path), passphrase, path);
    }

    private static string? DefaultKeyFile(IReadOnlyDictionary<string, string> environment)
    {
        var home = Config.CloudsFiles.Home(environment);
        return new[] { "id_ed25519", "id_rsa", "id_ecdsa" }.Select(n => Path.Combine(home, ".ssh", n)).FirstOrDefault(File.Exists);
    }

    private static PrivateKeyFile Parse(Func<Stream> open, string? passphrase, string where)
    {
        try
        {
            using var stream = open();
            return passphrase is null ? new PrivateKeyFile(stream) : new PrivateKeyFile(stream, passphrase);
        }
        catch (Exception e) when (e is SshPassPhraseNullOrEmptyException)
        {
            throw new TraasException(ExitCodes.BadInput, $"{where} is encrypted: give its passphrase in {PassphraseVariable}");
        }
        catch (Exception e) when (e is SshException or ArgumentException or FormatException or InvalidOperationException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            // The message of a parse error never holds the key; still, say only what kind of failure it was.
            throw new TraasException(ExitCodes.BadInput,
                $"{where} is not a private key traas-ci can read ({e.GetType().Name}); use an OpenSSH, PEM (PKCS#1/#8) or PuTTY private key");
        }
    }
}
