using Renci.SshNet;
using Renci.SshNet.Common;
using Traas.Tool.Config;

namespace Traas.Tool.Ssh;

/// <summary>
/// The private key traas-ci logs in to the undercloud with: --ssh-key FILE, else the key itself in
/// TRAAS_SSH_KEY (a secret, in a workflow), else ~/.ssh/id_ed25519 or ~/.ssh/id_rsa.
/// TRAAS_SSH_KEY_PASSPHRASE unlocks an encrypted key. The key's text is never printed.
/// </summary>
internal static class SshKey
{
    private const string KeyVariable = ToolSettings.SshKeyVariable;
    private const string PassphraseVariable = ToolSettings.SshKeyPassphraseVariable;

    public static PrivateKeyFile Load(string? keyFile, ToolSettings settings)
    {
        var passphrase = settings.SshKeyPassphrase;
        if (keyFile is null && settings.SshKeyText is { } text)
        {
            var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim() + "\n";
            return Parse(() => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(normalized)), passphrase,
                $"the key in {KeyVariable}");
        }
        var path = keyFile ?? DefaultKeyFile(settings.Home)
            ?? throw new TraasException(ExitCodes.BadInput,
                $"no SSH key to log in to the undercloud with: give --ssh-key FILE, or the key itself in "
                    + $"{KeyVariable}");
        if (!File.Exists(path))
        {
            throw new TraasException(ExitCodes.BadInput,
                $"--ssh-key {path}: no such file; give the private key the stack's key_name belongs to");
        }
        return Parse(() => File.OpenRead(path), passphrase, path);
    }

    private static string? DefaultKeyFile(string home)
    {
        return new[] { "id_ed25519", "id_rsa", "id_ecdsa" }
            .Select(n => Path.Combine(home, ".ssh", n))
            .FirstOrDefault(File.Exists);
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
            throw new TraasException(ExitCodes.BadInput,
                $"{where} is encrypted: give its passphrase in {PassphraseVariable}");
        }
        catch (Exception e) when (e is SshException or ArgumentException or FormatException
            or InvalidOperationException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            // The message of a parse error never holds the key; still, say only what kind of failure it was.
            throw new TraasException(ExitCodes.BadInput,
                $"{where} is not a private key traas-ci can read ("
                    + $"{e.GetType().Name}); use an OpenSSH, PEM (PKCS#1/#8) or PuTTY private key");
        }
    }
}
