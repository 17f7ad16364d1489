using Renci.SshNet;

namespace Traas.Tool.Ssh;

/// <summary>
/// The key exchanges, ciphers and MACs traas-ci offers, most wanted first; the server takes the first it also
/// has. AES-GCM first: an AEAD cipher that SSH.NET runs on the BCL's AES-GCM (AES-NI), with no separate MAC;
/// then ChaCha20-Poly1305 and AES-CTR with an encrypt-then-MAC SHA-2 MAC for servers without it. CBC modes,
/// 3DES and SHA-1 MACs are not offered (OpenSSH's own defaults dropped them too). Key exchange: ML-KEM with
/// X25519 (post-quantum, OpenSSH 9.9 and later), else X25519. sntrup761x25519, which SSH.NET offers before
/// X25519 and OpenSSH 8.5 to 9.8 take, is not: SSH.NET runs it in managed code (BouncyCastle), about 0.1 s of
/// CPU a connection, and collect makes two; SHA-1 ones and group1 are not offered either.
/// </summary>
internal static class SshAlgorithms
{
    private static readonly string[] KeyExchanges =
    [
        "mlkem768x25519-sha256", "curve25519-sha256", "curve25519-sha256@libssh.org",
        "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
        "diffie-hellman-group-exchange-sha256", "diffie-hellman-group16-sha512", "diffie-hellman-group18-sha512",
        "diffie-hellman-group14-sha256",
    ];

    private static readonly string[] Ciphers =
    [
        "aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com",
        "aes128-ctr", "aes192-ctr", "aes256-ctr",
    ];

    private static readonly string[] Macs =
    [
        "hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com", "hmac-sha2-256", "hmac-sha2-512",
    ];

    public static void Choose(ConnectionInfo info)
    {
        Keep(info.KeyExchangeAlgorithms, KeyExchanges);
        Keep(info.Encryptions, Ciphers);
        Keep(info.HmacAlgorithms, Macs);
    }

    /// <summary>Leaves only <paramref name="wanted"/> of what SSH.NET offers, in that order.</summary>
    private static void Keep<T>(IOrderedDictionary<string, T> offered, string[] wanted)
    {
        var kept = wanted.Where(offered.ContainsKey).Select(name => (name, offered[name])).ToList();
        offered.Clear();
        foreach (var (name, value) in kept)
            offered.Add(name, value);
    }
}
