namespace Emu.Regress.Tests;

/// <summary>A bad manifest gets one error naming the file, the line and the field, and nothing runs.</summary>
public sealed class BadManifestTests
{
    private const string HelloSha256 = "895c1013996db5515e72910cf7ac45772eb39f6e5e4393309cb94424809306aa";

    public static TheoryData<string, string, int, string, string> Cases => new()
    {
        {
            "unknown field",
            """
            {
              "images": { "hello": { "path": "HELLO" } },
              "cases": [
                { "name": "a", "options": ["-fda", "${hello}"],
                  "expect": [ { "serial": "x", "deadline": 5 } ] }
              ]
            }
            """,
            5, "$.cases[0].expect[0].deadline", "unknown field"
        },
        {
            "wrong type",
            """
            {
              "images": { "hello": { "path": "HELLO" } },
              "cases": [
                { "name": "a",
                  "options": "-fda ${hello}",
                  "expect": [ { "serial": "x" } ] }
              ]
            }
            """,
            5, "$.cases[0].options", "wrong type: expected an array"
        },
        {
            "missing image",
            """
            {
              "images": {
                "hello": { "path": "no-such-image.img" }
              },
              "cases": [ { "name": "a", "options": ["-fda", "${hello}"], "expect": [ { "serial": "x" } ] } ]
            }
            """,
            3, "$.images.hello.path", "the image"
        },
        {
            "sha256 of another file",
            """
            {
              "images": {
                "hello": { "path": "HELLO",
                           "sha256": "0000000000000000000000000000000000000000000000000000000000000000" }
              },
              "cases": [ { "name": "a", "options": ["-fda", "${hello}"], "expect": [ { "serial": "x" } ] } ]
            }
            """,
            4, "$.images.hello.sha256", $"has sha256 {HelloSha256}, not 0000"
        },
        {
            "malformed sha256",
            """
            {
              "images": { "hello": { "path": "HELLO", "sha256": "XYZ" } },
              "cases": [ { "name": "a", "options": ["-fda", "${hello}"], "expect": [ { "serial": "x" } ] } ]
            }
            """,
            2, "$.images.hello.sha256", "a sha256 is 64 lowercase hexadecimal digits"
        },
        {
            "bad regex",
            """
            {
              "images": { "hello": { "path": "HELLO" } },
              "cases": [
                { "name": "a", "options": ["-fda", "${hello}"],
                  "expect": [
                    { "serial": "fine" },
                    { "serial": "EMU-(HELLO" }
                  ] }
              ]
            }
            """,
            7, "$.cases[0].expect[1].serial", "bad regex"
        },
        {
            "unknown image reference",
            """
            {
              "cases": [ { "name": "a", "options": ["-fda", "${nothing}"], "expect": [ { "serial": "x" } ] } ]
            }
            """,
            2, "$.cases[0].options[1]", "no image named 'nothing'"
        },
        {
            "stop at a screen",
            """
            {
              "images": { "hello": { "path": "HELLO" } },
              "cases": [
                { "name": "a", "options": ["-fda", "${hello}"],
                  "expect": [ { "screen": "EMU-HELLO", "stop": true } ] }
              ]
            }
            """,
            5, "$.cases[0].expect[0].stop", "emu stops at a serial or debugcon line"
        },
        {
            "error text without an error class",
            """
            {
              "images": { "hello": { "path": "HELLO" } },
              "cases": [
                { "name": "a", "options": ["-fda", "${hello}"],
                  "expect": [ { "serial": "EMU-HELLO", "qmp": [ { "execute": "stop", "errorDesc": "x" } ] } ] }
              ]
            }
            """,
            5, "$.cases[0].expect[0].qmp[0].errorDesc", "'errorDesc' needs 'error'"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsRefusedWithFileLineAndFieldBeforeAnythingRuns(string what, string json, int line, string field, string problem)
    {
        using RegressRun run = new();
        string manifest = run.Write("bad.json", json.Replace("HELLO", RegressRun.Hello, StringComparison.Ordinal));

        int status = run.Run(manifest, "--junit", run.JUnit);

        Assert.True(status == 2, $"{what}: status {status}, stderr: {run.Errors}");
        string[] lines = run.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith($"emu regress: {manifest}:{line}: {field}: ", lines[0]);
        Assert.Contains(problem, lines[0]);
        Assert.False(Directory.Exists(run.OutDir), "a case ran");
        Assert.False(File.Exists(run.JUnit), "a report was written");
    }
}
