using System.Text.Json;
using System.Text.Json.Nodes;
using Traas.Tool.Config;
using Traas.Tool.Model;

namespace Traas.Tool.Tests;

/// <summary>
/// clouds.yaml resolution, differential against Debian's python3-openstacksdk:
/// OpenStackConfig().get_one(cloud) and traas-ci must resolve every case to the same cloud.
/// </summary>
public sealed class CloudConfigSpecs : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("traas-clouds-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public sealed record Case(string Name, Dictionary<string, string> Files, Dictionary<string, string> Environment, string? Cloud = null, string? Region = null)
    {
        public override string ToString() => Name;
    }

    private const string Password = """
        clouds:
          rdo-cloud:
            auth:
              auth_url: https://keystone.example.test:13000/v3
              username: ci-user
              password: s3cret-pw
              project_name: ci-project
              user_domain_name: Default
              project_domain_name: Default
            region_name: regionOne
            interface: internal
            identity_api_version: 3
        """;

    public static TheoryData<Case> Cases => new()
    {
        new("password cloud in ./clouds.yaml", new() { ["work/clouds.yaml"] = Password }, new(), "rdo-cloud"),
        new("password kept in ~/.config/openstack/secure.yaml", new()
        {
            ["home/.config/openstack/clouds.yaml"] = "clouds:\n  c1:\n    auth:\n      auth_url: http://127.0.0.1:5000/v3\n      username: u\n      project_id: 0123456789abcdef\n      user_domain_id: default\n",
            ["home/.config/openstack/secure.yml"] = "clouds:\n  c1:\n    auth:\n      password: from-secure\n",
        }, new(), "c1"),
        new("OS_CLIENT_CONFIG_FILE wins over ./clouds.yaml and OS_CLOUD picks the cloud", new()
        {
            ["work/clouds.yaml"] = Password,
            ["elsewhere/my-clouds.yaml"] = "clouds:\n  a:\n    auth: {auth_url: 'http://a/v3', username: ua, password: pa, project_name: pa}\n  b:\n    auth: {auth_url: 'http://b/v3', username: ub, password: pb, project_name: pb}\n    region_name: north\n",
        }, new() { ["OS_CLIENT_CONFIG_FILE"] = "{root}/elsewhere/my-clouds.yaml", ["OS_CLOUD"] = "b" }),
        new("a regions list with per-region values, the second region asked for", new()
        {
            ["work/clouds.yaml"] = "clouds:\n  multi:\n    auth: {auth_url: 'http://k/v3', username: u, password: p, project_name: p}\n    regions:\n      - east\n      - name: west\n        values:\n          interface: admin\n",
        }, new(), "multi", "west"),
        new("OS_* variables are a cloud of their own", new(), new()
        {
            ["OS_AUTH_URL"] = "http://127.0.0.1:5000/v3", ["OS_USERNAME"] = "admin", ["OS_PASSWORD"] = "env-secret",
            ["OS_PROJECT_NAME"] = "admin", ["OS_USER_DOMAIN_NAME"] = "Default", ["OS_PROJECT_DOMAIN_ID"] = "default",
            ["OS_REGION_NAME"] = "RegionOne", ["OS_INTERFACE"] = "internal",
        }),
        new("application credential", new()
        {
            ["work/clouds.yaml"] = "clouds:\n  appcred:\n    auth_type: v3applicationcredential\n    auth:\n      auth_url: http://k/v3\n      application_credential_id: 21dced0fd20347869b93710d2b98aae0\n      application_credential_secret: appcred-secret\n",
        }, new(), "appcred"),
        new("token", new()
        {
            ["work/clouds.yaml"] = "clouds:\n  tok:\n    auth_type: token\n    auth:\n      auth_url: http://k/v3\n      token: gAAAAABtoken\n      project_id: abc123\n",
        }, new(), "tok"),
        new("legacy keys: tenant_name, top-level username, domain_name, endpoint_type, auth_plugin, insecure", new()
        {
            ["work/clouds.yaml"] = "clouds:\n  old:\n    auth_plugin: password\n    auth:\n      auth_url: http://k/v3\n      password: old-pw\n    username: olduser\n    tenant_name: oldproject\n    domain_name: OldDomain\n    endpoint_type: admin\n    insecure: 'true'\n    cacert: /etc/ssl/certs/old.pem\n",
        }, new(), "old"),
        new("cacert with verification on, in XDG_CONFIG_HOME as JSON", new()
        {
            ["xdg/openstack/clouds.json"] = """{"clouds": {"j": {"auth": {"auth_url": "https://k:13000/v3", "username": "u", "password": "p", "project_name": "p", "domain_id": "default"}, "cacert": "/etc/pki/ca.pem", "verify": true}}}""",
        }, new() { ["XDG_CONFIG_HOME"] = "{root}/xdg" }, "j"),
        new("OS_CLIENT_SECURE_FILE overrides a nested auth key", new()
        {
            ["work/clouds.yaml"] = Password,
            ["vault/secure.yaml"] = "clouds:\n  rdo-cloud:\n    auth:\n      password: from-vault\n      username: vault-user\n",
        }, new() { ["OS_CLIENT_SECURE_FILE"] = "{root}/vault/secure.yaml" }, "rdo-cloud"),
        new("anchors and merge keys: a cloud made of another, its auth of the other's, with overrides", new()
        {
            ["work/clouds.yaml"] = """
                clouds:
                  base: &base
                    auth: &auth
                      auth_url: https://keystone.example.test:13000/v3
                      username: ci-user
                      password: s3cret-pw
                      project_name: ci-project
                      user_domain_name: Default
                    region_name: regionOne
                    interface: public
                  second:
                    <<: *base
                    auth:
                      <<: *auth
                      project_name: other-project
                    interface: internal
                  third:
                    <<: [*base, {region_name: regionThree}]
                """,
        }, new(), "second"),
        new("merge keys from a list, the first one winning", new()
        {
            ["work/clouds.yaml"] = """
                clouds:
                  base: &base
                    auth: {auth_url: 'http://k/v3', username: u, password: p, project_name: p}
                    region_name: regionOne
                  other: &other
                    region_name: regionTwo
                    interface: admin
                  third:
                    <<: [*base, *other]
                """,
        }, new(), "third"),
        new("a merge key of a plain value is an error for both", new()
        {
            ["work/clouds.yaml"] = "clouds:\n  c:\n    <<: 5\n    auth: {auth_url: 'http://k/v3', username: u}\n",
        }, new(), "c"),
        new("the only cloud is the default", new() { ["work/clouds.yaml"] = Password }, new()),
        new("an unknown cloud is an error for both", new() { ["work/clouds.yaml"] = Password }, new(), "no-such-cloud"),
        new("an unknown region is an error for both", new() { ["work/clouds.yaml"] = Password }, new(), "rdo-cloud", "regionTwo"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void I_resolve_clouds_yaml_as_openstacksdk_does(Case testCase)
    {
        var (environment, workDir) = Arrange(testCase);

        var expected = OpenStackSdk(environment, workDir, testCase.Cloud, testCase.Region);
        var actual = Ours(environment, workDir, testCase.Cloud, testCase.Region);

        Assert.Equal(expected.ToJsonString(), actual.ToJsonString());
    }

    [Fact]
    public void I_get_a_clear_error_naming_the_clouds_there_are()
    {
        var (environment, workDir) = Arrange(new Case("", new() { ["work/clouds.yaml"] = Password }, new()));

        var error = Assert.Throws<TraasException>(() => new CloudConfigLoader(environment, workDir).Resolve("typo"));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal($"cloud 'typo' was not found in {workDir}/clouds.yaml; it defines rdo-cloud. Check --os-cloud or OS_CLOUD.", error.Message);
    }

    [Fact]
    public void A_yaml_syntax_error_names_the_file_and_line()
    {
        var (environment, workDir) = Arrange(new Case("", new() { ["work/clouds.yaml"] = "clouds:\n  c:\n    auth: {auth_url: x\n    region_name: r\n" }, new()));

        var error = Assert.Throws<TraasException>(() => new CloudConfigLoader(environment, workDir));

        Assert.StartsWith($"{workDir}/clouds.yaml: line ", error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
    }

    private (Dictionary<string, string> Environment, string WorkDir) Arrange(Case testCase)
    {
        foreach (var (path, content) in testCase.Files)
        {
            var full = Path.Combine(_root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }
        var workDir = Directory.CreateDirectory(Path.Combine(_root, "work")).FullName;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HOME"] = Directory.CreateDirectory(Path.Combine(_root, "home")).FullName,
            ["PATH"] = "/usr/bin:/bin",
        };
        foreach (var (key, value) in testCase.Environment)
            environment[key] = value.Replace("{root}", _root, StringComparison.Ordinal);
        return (environment, workDir);
    }

    private static JsonNode Ours(Dictionary<string, string> environment, string workDir, string? cloud, string? region)
    {
        try
        {
            var found = new CloudConfigLoader(environment, workDir).Resolve(cloud, region);
            var auth = new JsonObject();
            foreach (var (key, value) in found.Auth.OrderBy(a => a.Key, StringComparer.Ordinal))
                auth[key] = value;
            return new JsonObject
            {
                ["auth"] = auth,
                ["auth_type"] = found.AuthType,
                ["cacert"] = found.CaCertFile,
                ["interface"] = found.Interface,
                ["name"] = found.Name,
                ["region_name"] = found.RegionName,
                ["verify"] = found.Verify,
            };
        }
        catch (TraasException)
        {
            return new JsonObject { ["error"] = "ConfigException" };
        }
    }

    private static JsonNode OpenStackSdk(Dictionary<string, string> environment, string workDir, string? cloud, string? region)
    {
        var stdout = PythonReference.Run("openstacksdk_get_one.py", [cloud ?? "", region ?? ""], environment, workDir);
        var node = JsonNode.Parse(stdout)!;
        // Sort auth keys as ours are sorted, and map openstacksdk's exception names to "an error".
        if (node["error"] is not null)
            return new JsonObject { ["error"] = "ConfigException" };
        var sortedAuth = new JsonObject();
        foreach (var (key, value) in node["auth"]!.AsObject().OrderBy(a => a.Key, StringComparer.Ordinal))
            sortedAuth[key] = value?.DeepClone();
        node["auth"] = sortedAuth;
        return JsonNode.Parse(node.ToJsonString(new JsonSerializerOptions()))!;
    }
}

/// <summary>What a user without any cloud configuration sees.</summary>
public sealed class MissingCloudConfigSpecs
{
    [Fact]
    public async Task I_get_a_clear_error_when_there_is_no_clouds_yaml_and_no_os_variables()
    {
        var home = Directory.CreateTempSubdirectory("traas-nohome-").FullName;
        try
        {
            var run = await CliRun.RunAsync(["status", "anything"], environment: new Dictionary<string, string>
            {
                ["HOME"] = home,
            });

            Assert.Equal(ExitCodes.BadInput, run.ExitCode);
            Assert.Contains("no cloud to use: no clouds.yaml was found", run.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    public static TheoryData<string, string, string> NamedFiles => new()
    {
        { "option", "missing.yaml", "--os-client-config-file {file}: the file does not exist;" },
        { "option", "folder", "--os-client-config-file {file}: the file is a folder;" },
        { "OS_CLIENT_CONFIG_FILE", "missing.yaml", "OS_CLIENT_CONFIG_FILE names {file}, which does not exist;" },
        { "OS_CLIENT_CONFIG_FILE", "folder", "OS_CLIENT_CONFIG_FILE names {file}, which is a folder;" },
    };

    /// <summary>
    /// openstacksdk reads the next clouds.yaml it finds when the named one is not there; a typo would then
    /// authenticate against another cloud, where reap and release delete stacks.
    /// </summary>
    [Theory]
    [MemberData(nameof(NamedFiles))]
    public async Task A_clouds_file_I_name_that_cannot_be_read_is_an_error_not_a_fall_back_to_another(
        string how, string name, string expected)
    {
        var home = Directory.CreateTempSubdirectory("traas-decoy-").FullName;
        try
        {
            // A cloud the user did not mean, where openstacksdk would look next.
            var decoyFolder = Path.Combine(home, ".config", "openstack");
            Directory.CreateDirectory(decoyFolder);
            await File.WriteAllTextAsync(Path.Combine(decoyFolder, "clouds.yaml"),
                "clouds:\n  decoy:\n    auth:\n      auth_url: http://127.0.0.1:9/v3\n");
            Directory.CreateDirectory(Path.Combine(home, "folder"));
            var file = Path.Combine(home, name);
            var environment = new Dictionary<string, string> { ["HOME"] = home };
            string[] args = ["status", "anything", "--os-cloud", "decoy"];
            if (how == "option")
                args = [.. args, "--os-client-config-file", file];
            else
                environment[how] = file;

            var run = await CliRun.RunAsync(args, environment: environment);

            Assert.Equal(ExitCodes.BadInput, run.ExitCode);
            Assert.Contains(expected.Replace("{file}", file, StringComparison.Ordinal), run.Stderr,
                StringComparison.Ordinal);
            Assert.DoesNotContain("127.0.0.1:9", run.Stderr, StringComparison.Ordinal);
            Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}

/// <summary>A password written where YAML or a URL puts it is in no message: messages reach the log and the PR.</summary>
public sealed class SecretsInCloudErrorsSpecs : IDisposable
{
    private const string Password = "S3cretPassw0rd";
    private readonly string _work = Directory.CreateTempSubdirectory("traas-cloud-secret-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    public static TheoryData<string, int, string> Clouds => new()
    {
        // Unquoted, a value that starts with '*' is an alias: PyYAML says "found undefined alias" too.
        { $"      auth_url: http://127.0.0.1:9/v3\n      password: *{Password}\n", ExitCodes.BadInput,
            "clouds.yaml: line 6, column 17: found an undefined alias" },
        // A user and password in the URL: Keystone is not reached, and the URL is shown without them.
        { $"      auth_url: http://alice:{Password}@127.0.0.1:9/v3\n      password: p\n", ExitCodes.CloudError,
            "cannot reach Keystone of cloud 'c' at http://127.0.0.1:9/v3" },
    };

    [Theory]
    [MemberData(nameof(Clouds))]
    public async Task A_password_in_a_clouds_yaml_that_is_wrong_is_not_in_the_error(string auth, int exitCode,
        string message)
    {
        var clouds = Path.Combine(_work, "clouds.yaml");
        await File.WriteAllTextAsync(clouds, "clouds:\n  c:\n    auth:\n      username: u\n" + auth);

        var run = await CliRun.RunAsync(["status", "x", "--os-client-config-file", clouds, "--os-cloud", "c"],
            environment: new Dictionary<string, string> { ["HOME"] = _work, ["TRAAS_RETRIES"] = "0" });

        Assert.Equal(exitCode, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, run.Stderr + run.Stdout, StringComparison.Ordinal);
    }
}
