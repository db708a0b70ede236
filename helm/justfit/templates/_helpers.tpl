{{/*
justfit.name is the chart name, or nameOverride.
*/}}
{{- define "justfit.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
justfit.fullname is the prefix of every resource name: fullnameOverride, or "<release>-<name>" unless the
release name already contains the chart name. Kept at 52 characters so "-<component>" suffixes stay within 63.
*/}}
{{- define "justfit.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
justfit.chart is "<chart>-<version>" for the helm.sh/chart label.
*/}}
{{- define "justfit.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
justfit.component turns a services.<key> (camelCase) into the component name: queryApi -> query-api.
It is also the service's folder under services/ in the image.
*/}}
{{- define "justfit.component" -}}
{{- kebabcase . }}
{{- end }}

{{/*
justfit.componentFullname is the name of a service's resources: "<fullname>-<component>".
Call with (dict "root" $ "key" $key).
*/}}
{{- define "justfit.componentFullname" -}}
{{- printf "%s-%s" (include "justfit.fullname" .root) (include "justfit.component" .key) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
justfit.labels are the labels of every resource. Call with the root context.
*/}}
{{- define "justfit.labels" -}}
helm.sh/chart: {{ include "justfit.chart" . }}
app.kubernetes.io/name: {{ include "justfit.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | trunc 63 | quote }}
app.kubernetes.io/part-of: {{ .Chart.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
justfit.selectorLabels are the stable labels that select a service's pods (never the version or chart).
Call with (dict "root" $ "key" $key).
*/}}
{{- define "justfit.selectorLabels" -}}
app.kubernetes.io/name: {{ include "justfit.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ include "justfit.component" .key }}
{{- end }}

{{/*
justfit.componentLabels are the labels of a service's resources. Call with (dict "root" $ "key" $key).
*/}}
{{- define "justfit.componentLabels" -}}
{{ include "justfit.labels" .root }}
app.kubernetes.io/component: {{ include "justfit.component" .key }}
{{- end }}

{{/*
justfit.image is the image reference: repository@digest, or repository:tag (tag defaults to appVersion).
*/}}
{{- define "justfit.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{/*
justfit.serviceAccountName is the ServiceAccount every pod runs as.
*/}}
{{- define "justfit.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "justfit.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
justfit.masterKeySecretName is the Secret holding the credential-sealing key.
*/}}
{{- define "justfit.masterKeySecretName" -}}
{{- if and .Values.masterKey.create .Values.masterKey.existingSecret }}
{{- fail "masterKey: set either masterKey.existingSecret (your Secret) or masterKey.create (the hook Job makes one), not both" }}
{{- end }}
{{- .Values.masterKey.existingSecret | default (printf "%s-master-key" (include "justfit.fullname" .)) }}
{{- end }}

{{/*
justfit.natsSecretName is the Secret holding each service's NATS password, nkey seed or creds file.
*/}}
{{- define "justfit.natsSecretName" -}}
{{- .Values.nats.auth.existingSecret | default (printf "%s-nats" (include "justfit.fullname" .)) }}
{{- end }}

{{/*
justfit.clickhouseSecretName is the Secret holding each service's ClickHouse password.
*/}}
{{- define "justfit.clickhouseSecretName" -}}
{{- .Values.clickhouse.users.existingSecret | default (printf "%s-clickhouse" (include "justfit.fullname" .)) }}
{{- end }}

{{/*
justfit.natsUser is a service's NATS user. Call with the component name (query-api).
*/}}
{{- define "justfit.natsUser" -}}
{{- printf "justfit-%s" . }}
{{- end }}

{{/*
justfit.natsPasswordVariable is the environment variable of nats-server that holds a service's password in the
rendered account. Call with the component name.
*/}}
{{- define "justfit.natsPasswordVariable" -}}
{{- printf "JUSTFIT_NATS_%s_PASSWORD" (. | upper | replace "-" "_") }}
{{- end }}

{{/*
justfit.masterKeyJobName names the master-key hook Job and its ServiceAccount, Role and RoleBinding.
*/}}
{{- define "justfit.masterKeyJobName" -}}
{{- printf "%s-master-key-job" (include "justfit.fullname" .) }}
{{- end }}

{{/*
justfit.masterKeyHookAnnotations are the Helm hook annotations of the master-key Job and what it needs; `weight` orders
them (the ServiceAccount and its rights before the Job).
*/}}
{{- define "justfit.masterKeyHookAnnotations" -}}
helm.sh/hook: pre-install,pre-upgrade
helm.sh/hook-weight: {{ . | quote }}
helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
{{- end }}

{{/*
justfit.reportsClaimName is the PersistentVolumeClaim shared by reporter and query-api.
*/}}
{{- define "justfit.reportsClaimName" -}}
{{- .Values.reports.persistence.existingClaim | default (printf "%s-reports" (include "justfit.fullname" .)) }}
{{- end }}


{{/*
justfit.servicePort is the port of a service's Kubernetes Service. Call with the service's map.
*/}}
{{- define "justfit.servicePort" -}}
{{- if and .service .service.port }}{{ .service.port | int }}{{ else }}8080{{ end }}
{{- end }}

{{/*
justfit.env renders a service's environment, one entry per name: the chart's defaults, overridden by
services.<key>.env (sorted), then the Secret-backed ones (CLICKHOUSE_URL, NATS_PASSWORD), then
services.<key>.extraEnv, whose entries replace any earlier variable of the same name (e.g. NATS_URL from a Secret).
Call with (dict "root" $ "key" $key "svc" $svc).
*/}}
{{- define "justfit.env" -}}
{{- $root := .root }}
{{- $env := dict
  "NODE_ENV" "production"
  "PORT" "8080"
  "METRICS_PORT" "9464"
  "HOST" "0.0.0.0"
  "JUSTFIT_DATA_DIR" "/data"
  "LOG_LEVEL" $root.Values.logLevel
  "NATS_URL" $root.Values.nats.url
  "NATS_STREAM_REPLICAS" (toString $root.Values.nats.streamReplicas)
  "NATS_RAW_PARTITIONS" (toString $root.Values.nats.rawPartitions)
  "CLICKHOUSE_URL" $root.Values.clickhouse.url
  "JUSTFIT_VERSION" ($root.Values.image.tag | default $root.Chart.AppVersion | toString)
}}
{{- $component := include "justfit.component" .key }}
{{- $auth := $root.Values.nats.auth }}
{{- /* One service manages the streams (permissions.ts STREAM_MANAGER); its user is the only one allowed to. */}}
{{- $_ := set $env "NATS_MANAGE_STREAMS" (ternary "true" "false" (eq $component "etl")) }}
{{- if eq $auth.method "password" }}
{{- $_ := set $env "NATS_USER" (include "justfit.natsUser" $component) }}
{{- else if eq $auth.method "nkey" }}
{{- $_ := set $env "NATS_NKEY_SEED_FILE" (printf "/var/run/secrets/justfit/nats/%s.nk" $component) }}
{{- else if eq $auth.method "creds" }}
{{- $_ := set $env "NATS_CREDS_FILE" (printf "/var/run/secrets/justfit/nats/%s.creds" $component) }}
{{- end }}
{{- $ch := $root.Values.clickhouse }}
{{- $access := ($root.Files.Get "files/clickhouse-access.json" | fromJson).users }}
{{- $chUser := index $access $component }}
{{- if $chUser }}
{{- /* etl migrates (files/clickhouse-access.json migratingService); the others wait for the schema. */}}
{{- $_ := set $env "CLICKHOUSE_MIGRATE" (ternary "true" "false" (eq $component "etl")) }}
{{- if $ch.cluster }}
{{- $_ := set $env "CLICKHOUSE_CLUSTER" $ch.cluster }}
{{- $_ := set $env "CLICKHOUSE_INSERT_QUORUM" $ch.insertQuorum }}
{{- end }}
{{- if $ch.users.enabled }}
{{- $_ := set $env "CLICKHOUSE_USER" $chUser.user }}
{{- end }}
{{- end }}
{{- if eq .key "collector" }}
{{- $_ := set $env "JUSTFIT_MASTER_KEY_FILE" (printf "/var/run/secrets/justfit/master-key/%s" $root.Values.masterKey.existingSecretKey) }}
{{- end }}
{{- range $name, $value := .svc.env }}
{{- $_ := set $env $name (toString $value) }}
{{- end }}
{{- /* Variables read from Secrets: name -> [secret, key]. */}}
{{- $fromSecrets := dict }}
{{- if $root.Values.clickhouse.existingSecret }}
{{- $_ := unset $env "CLICKHOUSE_URL" }}
{{- $_ := set $fromSecrets "CLICKHOUSE_URL" (list $root.Values.clickhouse.existingSecret $root.Values.clickhouse.existingSecretKey) }}
{{- end }}
{{- if eq $auth.method "password" }}
{{- $_ := set $fromSecrets "NATS_PASSWORD" (list (include "justfit.natsSecretName" $root) $component) }}
{{- end }}
{{- if and $chUser $ch.users.enabled }}
{{- $_ := set $fromSecrets "CLICKHOUSE_PASSWORD" (list (include "justfit.clickhouseSecretName" $root) $component) }}
{{- end }}
{{- range .svc.extraEnv }}
{{- $_ := unset $env .name }}
{{- $_ := unset $fromSecrets .name }}
{{- end }}
{{- range $name := keys $env | sortAlpha }}
- name: {{ $name }}
  value: {{ index $env $name | quote }}
{{- end }}
{{- range $name := keys $fromSecrets | sortAlpha }}
{{- $ref := index $fromSecrets $name }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ index $ref 0 }}
      key: {{ index $ref 1 }}
{{- end }}
{{- with .svc.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}
