package corpus

// fileTypes is every kind of file the corpus holds, with its weight in a
// corpus of many files: code and configuration dominate, as in real
// repositories.
var fileTypes []fileType

func init() {
	fileTypes = []fileType{
		{name: "python", weight: 10, write: writePython, multiline: true, carriesSecrets: true},
		{name: "javascript", weight: 6, write: writeJS(false), multiline: true, carriesSecrets: true},
		{name: "typescript", weight: 5, write: writeJS(true), multiline: true, carriesSecrets: true},
		{name: "go", weight: 6, write: writeGo, multiline: true, carriesSecrets: true},
		{name: "java", weight: 5, write: writeJava, multiline: true, carriesSecrets: true},
		{name: "kotlin", weight: 3, write: writeKotlin, multiline: true, carriesSecrets: true},
		{name: "csharp", weight: 4, write: writeCSharp, multiline: true, carriesSecrets: true},
		{name: "ruby", weight: 4, write: writeRuby, multiline: true, carriesSecrets: true},
		{name: "php", weight: 4, write: writePHP, multiline: true, carriesSecrets: true},
		{name: "yaml/k8s", weight: 6, write: writeK8s, multiline: true, carriesSecrets: true},
		{name: "yaml/compose", weight: 4, write: writeCompose, multiline: false, carriesSecrets: true},
		{name: "yaml/actions", weight: 4, write: writeActions, multiline: true, carriesSecrets: true},
		{name: "yaml/spring", weight: 3, write: writeSpringYAML, multiline: true, carriesSecrets: true},
		{name: "yaml/config", weight: 4, write: writeConfigYAML, multiline: true, carriesSecrets: true},
		{name: "yaml/lock", weight: 1, write: writeLockYAML},
		{name: "json/package", weight: 3, write: writePackageJSON, multiline: true, carriesSecrets: true},
		{name: "json/appsettings", weight: 3, write: writeAppSettings, multiline: true, carriesSecrets: true},
		{name: "json/config", weight: 4, write: writeConfigJSON, multiline: true, carriesSecrets: true},
		{name: "json/lock", weight: 1, write: writePackageLock},
		{name: "toml", weight: 3, write: writeTOML, multiline: true, carriesSecrets: true},
		{name: "env", weight: 8, write: writeEnv, multiline: true, carriesSecrets: true},
		{name: "properties", weight: 4, write: writeProperties, multiline: false, carriesSecrets: true},
		{name: "ini", weight: 3, write: writeINI, multiline: true, carriesSecrets: true},
		{name: "hcl", weight: 4, write: writeHCL, multiline: true, carriesSecrets: true},
		{name: "xml/webconfig", weight: 2, write: writeWebConfig, multiline: false, carriesSecrets: true},
		{name: "xml/maven-settings", weight: 2, write: writeMavenSettings, multiline: false, carriesSecrets: true},
		{name: "xml/pom", weight: 1, write: writePom, multiline: false, carriesSecrets: true},
		{name: "xml/config", weight: 2, write: writeAppXML, multiline: true, carriesSecrets: true},
		{name: "shell", weight: 6, write: writeShell, multiline: true, carriesSecrets: true},
		{name: "dockerfile", weight: 4, write: writeDockerfile, multiline: false, carriesSecrets: true},
		{name: "markdown", weight: 6, write: writeMarkdown, multiline: true, carriesSecrets: true},
		{name: "gosum", weight: 1, write: writeGoSum},
		{name: "js/min", weight: 1, write: writeMinJS},
	}
}
