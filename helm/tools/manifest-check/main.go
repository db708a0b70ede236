// manifest-check validates rendered Kubernetes manifests offline, for machines where kubeconform cannot
// download its JSON schemas. It decodes every document strictly into the Kubernetes Go API types (unknown or
// duplicated fields and wrong types are errors), then checks what a schema cannot: names and labels are valid,
// every selector selects something rendered, references (volumes, ports, HPA targets, Ingress backends,
// ServiceMonitor ports) resolve, and every container runs with the hardened security context.
//
// Usage: manifest-check FILE...   (multi-document YAML, e.g. `helm template` output). Exit 1 on any error.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/validation"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

// newObject maps apiVersion/kind to an empty typed object; a kind not listed is an error, so a new template
// kind must be added here (and gets checked) rather than slip through.
func newObject(apiVersion, kind string) (any, bool) {
	switch apiVersion + "/" + kind {
	case "v1/Service":
		return &corev1.Service{}, true
	case "v1/ServiceAccount":
		return &corev1.ServiceAccount{}, true
	case "v1/Secret":
		return &corev1.Secret{}, true
	case "v1/ConfigMap":
		return &corev1.ConfigMap{}, true
	case "v1/PersistentVolumeClaim":
		return &corev1.PersistentVolumeClaim{}, true
	case "v1/Pod":
		return &corev1.Pod{}, true
	case "apps/v1/Deployment":
		return &appsv1.Deployment{}, true
	case "batch/v1/Job":
		return &batchv1.Job{}, true
	case "rbac.authorization.k8s.io/v1/Role":
		return &rbacv1.Role{}, true
	case "rbac.authorization.k8s.io/v1/RoleBinding":
		return &rbacv1.RoleBinding{}, true
	case "policy/v1/PodDisruptionBudget":
		return &policyv1.PodDisruptionBudget{}, true
	case "networking.k8s.io/v1/NetworkPolicy":
		return &networkingv1.NetworkPolicy{}, true
	case "networking.k8s.io/v1/Ingress":
		return &networkingv1.Ingress{}, true
	case "autoscaling/v2/HorizontalPodAutoscaler":
		return &autoscalingv2.HorizontalPodAutoscaler{}, true
	case "monitoring.coreos.com/v1/ServiceMonitor":
		return &monitoringv1.ServiceMonitor{}, true
	case "monitoring.coreos.com/v1/PrometheusRule":
		return &monitoringv1.PrometheusRule{}, true
	}
	return nil, false
}

type checker struct {
	errs  []string
	objs  []any
	where map[any]string
	kind  map[any]string
}

func (c *checker) errorf(obj any, format string, args ...any) {
	c.errs = append(c.errs, c.where[obj]+": "+fmt.Sprintf(format, args...))
}

func (c *checker) load(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := utilyaml.NewYAMLReader(bufio.NewReader(f))
	for i := 1; ; i++ {
		doc, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: document %d: %w", path, i, err)
		}
		if len(bytes.TrimSpace(stripComments(doc))) == 0 {
			continue
		}
		var tm metav1.TypeMeta
		if err := yaml.Unmarshal(doc, &tm); err != nil {
			c.errs = append(c.errs, fmt.Sprintf("%s: document %d: not YAML: %v", path, i, err))
			continue
		}
		obj, ok := newObject(tm.APIVersion, tm.Kind)
		if !ok {
			c.errs = append(c.errs, fmt.Sprintf("%s: document %d: unknown kind %s %s", path, i, tm.APIVersion, tm.Kind))
			continue
		}
		if err := decodeStrict(doc, obj); err != nil {
			c.errs = append(c.errs, fmt.Sprintf("%s: document %d (%s): %v", path, i, tm.Kind, err))
			continue
		}
		c.where[obj] = fmt.Sprintf("%s %s/%s", path, tm.Kind, meta(obj).Name)
		c.kind[obj] = tm.Kind
		c.objs = append(c.objs, obj)
	}
}

// decodeStrict decodes like the API server: case-sensitive field names; unknown and duplicated fields are errors.
func decodeStrict(doc []byte, obj any) error {
	js, err := yaml.YAMLToJSONStrict(doc)
	if err != nil {
		return err
	}
	strictErrs, err := kjson.UnmarshalStrict(js, obj)
	if err != nil {
		return err
	}
	return errors.Join(strictErrs...)
}

func stripComments(doc []byte) []byte {
	var out bytes.Buffer
	for _, line := range bytes.Split(doc, []byte("\n")) {
		if t := bytes.TrimSpace(line); len(t) > 0 && t[0] != '#' {
			out.Write(line)
			out.WriteByte('\n')
		}
	}
	return out.Bytes()
}

func meta(obj any) *metav1.ObjectMeta {
	return obj.(metav1.ObjectMetaAccessor).GetObjectMeta().(*metav1.ObjectMeta)
}

func (c *checker) checkMeta(obj any) {
	m := meta(obj)
	if m.Name == "" {
		c.errorf(obj, "metadata.name is empty")
	}
	nameErrs := validation.IsDNS1123Subdomain(m.Name)
	if _, isSvc := obj.(*corev1.Service); isSvc {
		nameErrs = validation.IsDNS1035Label(m.Name)
	}
	for _, e := range nameErrs {
		c.errorf(obj, "metadata.name %q: %s", m.Name, e)
	}
	c.checkLabels(obj, "metadata.labels", m.Labels)
}

func (c *checker) checkLabels(obj any, field string, l map[string]string) {
	for k, v := range l {
		for _, e := range validation.IsQualifiedName(k) {
			c.errorf(obj, "%s key %q: %s", field, k, e)
		}
		for _, e := range validation.IsValidLabelValue(v) {
			c.errorf(obj, "%s[%s]=%q: %s", field, k, v, e)
		}
	}
}

// podTemplates are the pod label sets and specs rendered (Deployments and bare Pods).
type podTemplate struct {
	owner  any
	labels map[string]string
	spec   *corev1.PodSpec
}

func (c *checker) pods() []podTemplate {
	var out []podTemplate
	for _, o := range c.objs {
		switch v := o.(type) {
		case *appsv1.Deployment:
			out = append(out, podTemplate{v, v.Spec.Template.Labels, &v.Spec.Template.Spec})
		case *corev1.Pod:
			out = append(out, podTemplate{v, v.Labels, &v.Spec})
		case *batchv1.Job:
			out = append(out, podTemplate{v, v.Spec.Template.Labels, &v.Spec.Template.Spec})
		}
	}
	return out
}

// boundToRole says whether a RoleBinding in the render binds this ServiceAccount to a Role of the render, and checks
// that every RoleBinding refers to a Role and ServiceAccounts that exist.
func (c *checker) boundToRole(serviceAccount, namespace string) bool {
	roles := map[string]bool{}
	accounts := map[string]bool{}
	for _, o := range c.objs {
		switch v := o.(type) {
		case *rbacv1.Role:
			roles[v.Namespace+"/"+v.Name] = true
		case *corev1.ServiceAccount:
			accounts[v.Namespace+"/"+v.Name] = true
		}
	}
	bound := false
	for _, o := range c.objs {
		rb, ok := o.(*rbacv1.RoleBinding)
		if !ok || rb.RoleRef.Kind != "Role" || !roles[rb.Namespace+"/"+rb.RoleRef.Name] {
			continue
		}
		for _, s := range rb.Subjects {
			if s.Kind == "ServiceAccount" && accounts[s.Namespace+"/"+s.Name] && s.Name == serviceAccount && s.Namespace == namespace {
				bound = true
			}
		}
	}
	return bound
}

func (c *checker) selectsPods(sel labels.Selector, namespace string) bool {
	for _, p := range c.pods() {
		if meta(p.owner).Namespace == namespace && sel.Matches(labels.Set(p.labels)) {
			return true
		}
	}
	return false
}

func (c *checker) labelSelector(obj any, field string, ls *metav1.LabelSelector) labels.Selector {
	if ls == nil {
		c.errorf(obj, "%s is missing", field)
		return labels.Nothing()
	}
	sel, err := metav1.LabelSelectorAsSelector(ls)
	if err != nil {
		c.errorf(obj, "%s: %v", field, err)
		return labels.Nothing()
	}
	return sel
}

func (c *checker) checkPodSpec(p podTemplate) {
	spec := p.spec
	// Only a pod whose service account is bound to a Role in the same render may carry a token: it calls the API.
	if (spec.AutomountServiceAccountToken == nil || *spec.AutomountServiceAccountToken) && !c.boundToRole(spec.ServiceAccountName, meta(p.owner).Namespace) {
		c.errorf(p.owner, "automountServiceAccountToken must be false (unless its service account is bound to a Role here)")
	}
	psc := spec.SecurityContext
	if psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot {
		c.errorf(p.owner, "pod securityContext.runAsNonRoot must be true")
	}
	if psc == nil || psc.SeccompProfile == nil || psc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
		c.errorf(p.owner, "pod securityContext.seccompProfile.type must be RuntimeDefault")
	}
	volumes := map[string]bool{}
	for _, v := range spec.Volumes {
		volumes[v.Name] = true
	}
	for _, ctr := range append(append([]corev1.Container{}, spec.InitContainers...), spec.Containers...) {
		sc := ctr.SecurityContext
		switch {
		case sc == nil:
			c.errorf(p.owner, "container %s has no securityContext", ctr.Name)
			continue
		case sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation:
			c.errorf(p.owner, "container %s: allowPrivilegeEscalation must be false", ctr.Name)
		case sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem:
			c.errorf(p.owner, "container %s: readOnlyRootFilesystem must be true", ctr.Name)
		case sc.Capabilities == nil || len(sc.Capabilities.Drop) != 1 || sc.Capabilities.Drop[0] != "ALL":
			c.errorf(p.owner, "container %s: capabilities.drop must be [ALL]", ctr.Name)
		}
		if strings.HasSuffix(ctr.Image, ":latest") || !strings.ContainsAny(ctr.Image, ":@") {
			c.errorf(p.owner, "container %s: image %q has no fixed tag or digest", ctr.Name, ctr.Image)
		}
		ports := map[string]bool{}
		for _, port := range ctr.Ports {
			if port.Name != "" {
				for _, e := range validation.IsValidPortName(port.Name) {
					c.errorf(p.owner, "container %s port name %q: %s", ctr.Name, port.Name, e)
				}
				ports[port.Name] = true
			}
		}
		for name, probe := range map[string]*corev1.Probe{"startupProbe": ctr.StartupProbe, "livenessProbe": ctr.LivenessProbe, "readinessProbe": ctr.ReadinessProbe} {
			if probe != nil && probe.HTTPGet != nil && probe.HTTPGet.Port.StrVal != "" && !ports[probe.HTTPGet.Port.StrVal] {
				c.errorf(p.owner, "container %s %s uses undeclared port %q", ctr.Name, name, probe.HTTPGet.Port.StrVal)
			}
		}
		for _, m := range ctr.VolumeMounts {
			if !volumes[m.Name] {
				c.errorf(p.owner, "container %s mounts undeclared volume %q", ctr.Name, m.Name)
			}
		}
		seen := map[string]bool{}
		for _, e := range ctr.Env {
			if seen[e.Name] {
				c.errorf(p.owner, "container %s sets env %s twice", ctr.Name, e.Name)
			}
			seen[e.Name] = true
		}
	}
}

func (c *checker) run() {
	services := map[string]*corev1.Service{}
	deployments := map[string]bool{}
	for _, o := range c.objs {
		c.checkMeta(o)
		switch v := o.(type) {
		case *corev1.Service:
			services[v.Namespace+"/"+v.Name] = v
		case *appsv1.Deployment:
			deployments[v.Namespace+"/"+v.Name] = true
		}
	}
	for _, p := range c.pods() {
		c.checkLabels(p.owner, "pod labels", p.labels)
		c.checkPodSpec(p)
	}
	for _, o := range c.objs {
		ns := meta(o).Namespace
		switch v := o.(type) {
		case *appsv1.Deployment:
			sel := c.labelSelector(v, "spec.selector", v.Spec.Selector)
			if !sel.Matches(labels.Set(v.Spec.Template.Labels)) {
				c.errorf(v, "spec.selector does not match the pod template's labels")
			}
		case *corev1.Service:
			if len(v.Spec.Selector) == 0 || !c.selectsPods(labels.SelectorFromSet(v.Spec.Selector), ns) {
				c.errorf(v, "spec.selector selects no rendered pod")
			}
		case *policyv1.PodDisruptionBudget:
			if !c.selectsPods(c.labelSelector(v, "spec.selector", v.Spec.Selector), ns) {
				c.errorf(v, "spec.selector selects no rendered pod")
			}
		case *networkingv1.NetworkPolicy:
			if !c.selectsPods(c.labelSelector(v, "spec.podSelector", &v.Spec.PodSelector), ns) {
				c.errorf(v, "spec.podSelector selects no rendered pod")
			}
		case *autoscalingv2.HorizontalPodAutoscaler:
			if v.Spec.ScaleTargetRef.Kind != "Deployment" || !deployments[ns+"/"+v.Spec.ScaleTargetRef.Name] {
				c.errorf(v, "scaleTargetRef %s/%s is not a rendered Deployment", v.Spec.ScaleTargetRef.Kind, v.Spec.ScaleTargetRef.Name)
			}
		case *networkingv1.Ingress:
			for _, rule := range v.Spec.Rules {
				if rule.HTTP == nil {
					continue
				}
				for _, path := range rule.HTTP.Paths {
					b := path.Backend.Service
					if b == nil {
						continue
					}
					svc := services[ns+"/"+b.Name]
					if svc == nil {
						c.errorf(v, "backend service %q is not rendered", b.Name)
						continue
					}
					found := false
					for _, port := range svc.Spec.Ports {
						found = found || (b.Port.Number != 0 && port.Port == b.Port.Number) || (b.Port.Name != "" && port.Name == b.Port.Name)
					}
					if !found {
						c.errorf(v, "backend port %+v is not a port of service %s", b.Port, b.Name)
					}
				}
			}
		case *monitoringv1.ServiceMonitor:
			namespaces := v.Spec.NamespaceSelector.MatchNames
			if len(namespaces) == 0 {
				namespaces = []string{ns}
			}
			sel := c.labelSelector(v, "spec.selector", &v.Spec.Selector)
			matched := false
			for _, svcNs := range namespaces {
				for key, svc := range services {
					if !strings.HasPrefix(key, svcNs+"/") || !sel.Matches(labels.Set(svc.Labels)) {
						continue
					}
					matched = true
					for _, ep := range v.Spec.Endpoints {
						found := false
						for _, port := range svc.Spec.Ports {
							found = found || port.Name == ep.Port
						}
						if !found {
							c.errorf(v, "endpoint port %q is not a port of service %s", ep.Port, svc.Name)
						}
					}
				}
			}
			if !matched {
				c.errorf(v, "spec.selector selects no rendered Service")
			}
		}
	}
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: manifest-check FILE...")
		os.Exit(2)
	}
	c := &checker{where: map[any]string{}, kind: map[any]string{}}
	for _, path := range os.Args[1:] {
		if err := c.load(path); err != nil {
			c.errs = append(c.errs, err.Error())
		}
	}
	c.run()
	kinds := map[string]int{}
	for _, o := range c.objs {
		kinds[c.kind[o]]++
	}
	var summary []string
	for k, n := range kinds {
		summary = append(summary, fmt.Sprintf("%d %s", n, k))
	}
	sort.Strings(summary)
	if len(c.errs) > 0 {
		sort.Strings(c.errs)
		for _, e := range c.errs {
			fmt.Fprintln(os.Stderr, "error:", e)
		}
		fmt.Fprintf(os.Stderr, "manifest-check: %d error(s) in %d objects\n", len(c.errs), len(c.objs))
		os.Exit(1)
	}
	fmt.Printf("manifest-check: %d objects valid (%s)\n", len(c.objs), strings.Join(summary, ", "))
}
