// pulumi-resource-aws serves HashiCorp's terraform-provider-aws binary to the Pulumi engine through
// pulumi-terraform-bridge, under pulumi-aws's name, version and names (names.json) for what this project's program
// declares and invokes. Everything else in the Terraform provider is left out: a token it does not know is the
// bridge's error naming that token, never a guessed mapping.
package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	goplugin "github.com/hashicorp/go-plugin"

	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag/colors"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/archive"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/spf13/afero"

	// The one internal package used: it starts a Terraform provider binary and speaks its plugin protocol. It is
	// why this module's path lies inside the bridge's dynamic/ tree (see go.mod).
	"github.com/pulumi/pulumi-terraform-bridge/v3/dynamic/internal/shim/run"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/proto"
	pfbridge "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/reservedkeys"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfgen"
	shim "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfshim"
)

// The version the com.pulumi:aws 6.83.0 jar's plugin.json asks for, so the engine takes this plugin for it.
const version = "6.83.0"

// The Terraform provider binary; build.sh sets it (-ldflags -X main.terraformProvider=…), PULUMI_AWS_TERRAFORM_PROVIDER
// overrides it.
var terraformProvider string

//go:embed names.json
var namesJSON []byte

type names struct {
	Config struct {
		MaxItemsOne []string `json:"maxItemsOne"`
	} `json:"config"`
	Resources map[string]struct {
		Token    string            `json:"token"`
		Renames  map[string]string `json:"renames"`
		Archives []string          `json:"archives"`
	} `json:"resources"`
	Invokes map[string]struct {
		Token string `json:"token"`
	} `json:"invokes"`
}

func main() {
	if len(os.Args) == 2 && (os.Args[1] == "-version" || os.Args[1] == "--version") {
		fmt.Println(version) // without starting the Terraform provider
		return
	}
	ctx := context.Background()
	path := terraformProvider
	if p := os.Getenv("PULUMI_AWS_TERRAFORM_PROVIDER"); p != "" {
		path = p
	}
	if _, err := os.Stat(path); err != nil {
		fail(fmt.Errorf("the Terraform provider binary (PULUMI_AWS_TERRAFORM_PROVIDER): %w", err))
	}
	tf, err := run.LocalProvider(ctx, path)
	if err != nil {
		fail(fmt.Errorf("starting %s: %w", path, err))
	}
	// The engine stops a plugin with SIGINT to its process group and kills the group only if the plugin outlives it.
	// The Terraform provider (go-plugin) ignores SIGINT: stop it before exiting, or it runs on, orphaned.
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-stop
		goplugin.CleanupClients()
		os.Exit(0)
	}()
	defer goplugin.CleanupClients()

	info, err := providerInfo(proto.New(ctx, tf))
	if err != nil {
		fail(err)
	}
	pfbridge.Main(ctx, "aws", info, pfbridge.ProviderMetadata{XGetSchema: func(ctx context.Context, _ plugin.GetSchemaRequest) ([]byte, error) {
		return packageSchema(ctx, info)
	}})
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "pulumi-resource-aws: %v\n", err)
	os.Exit(1)
}

// providerInfo maps names.json onto the Terraform provider p, failing with every name p does not have.
func providerInfo(p shim.Provider) (tfbridge.ProviderInfo, error) {
	var n names
	if err := json.Unmarshal(namesJSON, &n); err != nil {
		return tfbridge.ProviderInfo{}, fmt.Errorf("names.json: %w", err)
	}
	info := tfbridge.ProviderInfo{
		P:            p,
		Name:         "aws",
		Version:      version,
		MetadataInfo: &tfbridge.MetadataInfo{Path: "", Data: tfbridge.ProviderMetadata(nil)},
		Resources:    map[string]*tfbridge.ResourceInfo{},
		DataSources:  map[string]*tfbridge.DataSourceInfo{},
		Config:       map[string]*tfbridge.SchemaInfo{},
	}
	var problems []error
	for _, setting := range n.Config.MaxItemsOne {
		if _, ok := p.Schema().GetOk(setting); !ok {
			problems = append(problems, fmt.Errorf("provider setting %s: the Terraform provider has no such setting", setting))
		}
		info.Config[setting] = &tfbridge.SchemaInfo{MaxItemsOne: tfbridge.True()}
	}
	for tfName, r := range n.Resources {
		res, ok := p.ResourcesMap().GetOk(tfName)
		if !ok {
			problems = append(problems, fmt.Errorf("resource %s (%s): the Terraform provider has no such resource", r.Token, tfName))
			continue
		}
		ri := &tfbridge.ResourceInfo{Tok: tokens.Type(r.Token), Fields: map[string]*tfbridge.SchemaInfo{}}
		for attr, prop := range r.Renames {
			if _, ok := res.Schema().GetOk(attr); !ok {
				problems = append(problems, fmt.Errorf("resource %s: property %s: %s has no attribute %s", r.Token, prop, tfName, attr))
			}
			ri.Fields[attr] = &tfbridge.SchemaInfo{Name: prop}
		}
		for _, attr := range r.Archives {
			field, ok := ri.Fields[attr]
			if !ok {
				field = &tfbridge.SchemaInfo{}
				ri.Fields[attr] = field
			}
			// The schema's type (an archive, as pulumi-aws declares it) and the raw state's record of how the file was
			// made; the conversions themselves are the two callbacks.
			field.Asset = &fileArchive
			prop := resource.PropertyKey(tfbridge.TerraformToPulumiNameV2(attr, res.Schema(), ri.Fields))
			ri.PreCheckCallback = archiveToFile(prop)
			ri.TransformOutputs = fileToArchive(prop)
			ri.TransformFromState = stateArchiveToFile(prop)
		}
		info.Resources[tfName] = ri
	}
	for tfName, d := range n.Invokes {
		if _, ok := p.DataSourcesMap().GetOk(tfName); !ok {
			problems = append(problems, fmt.Errorf("invoke %s (%s): the Terraform provider has no such data source", d.Token, tfName))
			continue
		}
		info.DataSources[tfName] = &tfbridge.DataSourceInfo{Tok: tokens.ModuleMember(d.Token)}
	}
	if len(problems) > 0 {
		return info, errors.Join(problems...)
	}
	// Everything else the Terraform provider has stays out of the Pulumi package.
	p.ResourcesMap().Range(func(key string, _ shim.Resource) bool {
		if _, ok := info.Resources[key]; !ok {
			info.IgnoreMappings = append(info.IgnoreMappings, key)
		}
		return true
	})
	p.DataSourcesMap().Range(func(key string, _ shim.Resource) bool {
		if _, ok := info.DataSources[key]; !ok {
			info.IgnoreMappings = append(info.IgnoreMappings, key)
		}
		return true
	})
	sort.Strings(info.IgnoreMappings)
	// pulumi-aws names a resource whose name is not set "<logical name>-<7 random hex>".
	info.SetAutonaming(255, "-")
	return info, nil
}

// fileArchive is how pulumi-aws passes an archive to the Terraform provider: as a zip file named by the archive's hash
// ($TMPDIR/pulumi-asset-<hash>), the same name on every run for the same contents.
var fileArchive = tfbridge.AssetTranslation{Kind: tfbridge.FileArchive, Format: resource.ZIPArchive}

// archiveToFile turns the archive the program gives in property into the zip file's path the Terraform provider reads.
// pulumi-aws has the bridge do this from SchemaInfo.Asset, which the bridge's Plugin Framework path ignores (its
// pf/internal/check/not_supported.go); a PreCheck callback runs there before every check, with the same translation.
func archiveToFile(property resource.PropertyKey) tfbridge.PreCheckCallback {
	return func(_ context.Context, config, _ resource.PropertyMap) (resource.PropertyMap, error) {
		v, ok := config[property]
		if !ok || !v.IsArchive() {
			return config, nil
		}
		a := v.ArchiveValue()
		if err := a.EnsureHash(); err != nil {
			return nil, fmt.Errorf("%s: %w", property, err)
		}
		path, err := fileArchive.TranslateArchive(a)
		if err != nil {
			return nil, fmt.Errorf("%s: writing the archive as a zip file: %w", property, err)
		}
		out := config.Copy()
		out[property] = resource.NewStringProperty(path.(string))
		return out, nil
	}
}

// fileToArchive gives the state an archive where Terraform returns the zip file's path, as pulumi-aws keeps it (the
// SDKs read it back as one): the archive the program gave, by its hash, at the zip file made from it. The bridge's
// raw state turns it back into the same path (TranslateArchive finds the file by that hash), so an unchanged archive
// shows no diff.
func fileToArchive(property resource.PropertyKey) tfbridge.PropertyTransform {
	return func(_ context.Context, outputs resource.PropertyMap) (resource.PropertyMap, error) {
		v, ok := outputs[property]
		if !ok || !v.IsString() {
			return outputs, nil
		}
		path := v.StringValue()
		hash, ok := strings.CutPrefix(filepath.Base(path), "pulumi-asset-")
		if !ok || filepath.Dir(path) != filepath.Clean(os.TempDir()) {
			return outputs, nil
		}
		out := outputs.Copy()
		out[property] = resource.NewArchiveProperty(&archive.Archive{Sig: archive.ArchiveSig, Hash: hash, Path: path})
		return out, nil
	}
}

// stateArchiveToFile turns the archive fileToArchive kept in the state back into the zip file's path before the bridge
// reads the state: its Delete encodes the state's properties as they are, and an archive is no string. The raw state's
// note that the property is an archive goes too, since what follows reads a plain string there.
func stateArchiveToFile(property resource.PropertyKey) tfbridge.PropertyTransform {
	return func(_ context.Context, state resource.PropertyMap) (resource.PropertyMap, error) {
		v, ok := state[property]
		if !ok || !v.IsArchive() {
			return state, nil
		}
		// The engine sends a state's archive by its hash alone, without contents: the translation names the file
		// from the hash, as the bridge's raw state would, without reading or writing it.
		path, err := fileArchive.TranslateArchive(v.ArchiveValue())
		if err != nil {
			return nil, fmt.Errorf("%s: %w", property, err)
		}
		out := state.Copy()
		out[property] = resource.NewStringProperty(path.(string))
		delta, ok := out[reservedkeys.RawStateDelta]
		if !ok || !delta.IsObject() || !delta.ObjectValue()["obj"].IsObject() {
			return out, nil
		}
		obj := delta.ObjectValue()["obj"].ObjectValue().Copy()
		if ps := obj["ps"]; ps.IsObject() {
			deltas := ps.ObjectValue().Copy()
			delete(deltas, property)
			obj["ps"] = resource.NewObjectProperty(deltas)
		}
		d := delta.ObjectValue().Copy()
		d["obj"] = resource.NewObjectProperty(obj)
		out[reservedkeys.RawStateDelta] = resource.NewObjectProperty(d)
		return out, nil
	}
}

// packageSchema generates the Pulumi package schema of info in memory, as the bridge's dynamic provider does; the
// engine asks for it only when a program or tool needs it.
func packageSchema(ctx context.Context, info tfbridge.ProviderInfo) ([]byte, error) {
	g, err := tfgen.NewGenerator(tfgen.GeneratorOptions{
		Package: info.Name, Version: info.Version, Language: tfgen.Schema, ProviderInfo: info,
		Root: afero.NewMemMapFs(), Sink: diag.DefaultSink(os.Stderr, os.Stderr, diag.FormatOptions{Color: colors.Never}),
		XInMemoryDocs: true, SkipExamples: true,
	})
	if err != nil {
		return nil, err
	}
	s, err := g.Generate()
	if err != nil {
		return nil, err
	}
	return json.Marshal(s.PackageSpec)
}
