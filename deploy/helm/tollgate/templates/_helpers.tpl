{{/*
Chart name, truncated to 63 characters (the DNS label limit).
*/}}
{{- define "tollgate.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name. If the release name already contains the chart name it is used as is.
*/}}
{{- define "tollgate.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version, as used by the helm.sh/chart label.
*/}}
{{- define "tollgate.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels.
*/}}
{{- define "tollgate.labels" -}}
helm.sh/chart: {{ include "tollgate.chart" . }}
{{ include "tollgate.selectorLabels" . }}
app.kubernetes.io/version: {{ (default .Chart.AppVersion .Values.image.tag) | trunc 63 | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: tollgate
{{- end }}

{{/*
Selector labels. Never change these in an upgrade: Deployment selectors are immutable.
*/}}
{{- define "tollgate.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tollgate.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Labels of one role's resources and pods. Call with (dict "root" $ "role" "api").
*/}}
{{- define "tollgate.roleLabels" -}}
{{ include "tollgate.labels" .root }}
app.kubernetes.io/component: {{ .role }}
{{- end }}

{{/*
Selector labels of one role's pods; they differ per role, so each role's Deployment, PDB and Service select only
their own pods. Call with (dict "root" $ "role" "api").
*/}}
{{- define "tollgate.roleSelectorLabels" -}}
{{ include "tollgate.selectorLabels" .root }}
app.kubernetes.io/component: {{ .role }}
{{- end }}

{{/*
The process roles the chart knows, in order, comma-separated (values: roles.<role>).
*/}}
{{- define "tollgate.allRoles" -}}
api,ingest,aggregator,archiver,worker
{{- end }}

{{/*
The enabled roles, comma-separated, in the order of tollgate.allRoles; empty when none is enabled.
Use as: range $role := include "tollgate.enabledRoles" $ | splitList ","  (after tollgate.validate).
*/}}
{{- define "tollgate.enabledRoles" -}}
{{- $enabled := list }}
{{- range $role := include "tollgate.allRoles" . | splitList "," }}
{{- $r := index ($.Values.roles | default dict) $role }}
{{- if and $r $r.enabled }}{{ $enabled = append $enabled $role }}{{ end }}
{{- end }}
{{- join "," $enabled }}
{{- end }}

{{/*
Name of one role's Deployment, Service, HPA and PDB: <fullname>-<role>. Call with (dict "root" $ "role" "api").
*/}}
{{- define "tollgate.roleName" -}}
{{- printf "%s-%s" (include "tollgate.fullname" .root | trunc 52 | trimSuffix "-") .role }}
{{- end }}

{{/*
Name of the ServiceAccount to use.
*/}}
{{- define "tollgate.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "tollgate.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Name of the Secret holding the passwords and the bootstrap admin key: the existing one, or the one the chart creates.
*/}}
{{- define "tollgate.secretName" -}}
{{- if .Values.secrets.existingSecret }}
{{- .Values.secrets.existingSecret }}
{{- else }}
{{- include "tollgate.fullname" . }}
{{- end }}
{{- end }}

{{/*
Container image reference: repository@digest, or repository:tag (tag defaults to the chart's appVersion).
*/}}
{{- define "tollgate.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag | toString) }}
{{- end }}
{{- end }}

{{/*
Whether TOLLGATE_PG_USER comes from the existing Secret rather than the ConfigMap.
Renders "true" or nothing.
*/}}
{{- define "tollgate.pgUserFromSecret" -}}
{{- if and .Values.secrets.existingSecret .Values.secrets.keys.pgUser }}true{{- end }}
{{- end }}

{{/*
Checks that fail the render early with a readable message instead of a pod that cannot start.
*/}}
{{- define "tollgate.validate" -}}
{{- if not .Values.secrets.existingSecret }}
{{- if not .Values.secrets.pgPassword }}
{{- fail "secrets.pgPassword is required when the chart creates the Secret (or set secrets.existingSecret to use your own Secret)" }}
{{- end }}
{{- if and .Values.secrets.bootstrapAdminKey (lt (len (toString .Values.secrets.bootstrapAdminKey)) 16) }}
{{- fail "secrets.bootstrapAdminKey must be at least 16 characters long" }}
{{- end }}
{{- end }}
{{- if not .Values.secrets.keys.pgPassword }}
{{- fail "secrets.keys.pgPassword must name the Secret key holding the PostgreSQL password" }}
{{- end }}
{{- $known := include "tollgate.allRoles" . | splitList "," }}
{{- range $role, $_ := (.Values.roles | default dict) }}
{{- if not (has $role $known) }}
{{- fail (printf "roles.%s: unknown role; the roles are %s" $role (join ", " $known)) }}
{{- end }}
{{- end }}
{{- if not (include "tollgate.enabledRoles" .) }}
{{- fail (printf "at least one of roles.{%s}.enabled must be true" (join "," $known)) }}
{{- end }}
{{- range $role := include "tollgate.enabledRoles" . | splitList "," }}
{{- $r := index $.Values.roles $role }}
{{- if and $r.podDisruptionBudget $r.podDisruptionBudget.enabled }}
{{- if and (include "tollgate.present" $r.podDisruptionBudget.minAvailable) (include "tollgate.present" $r.podDisruptionBudget.maxUnavailable) }}
{{- fail (printf "roles.%s.podDisruptionBudget: set only one of minAvailable and maxUnavailable" $role) }}
{{- end }}
{{- end }}
{{- if and $r.autoscaling $r.autoscaling.enabled }}
{{- if gt (int $r.autoscaling.minReplicas) (int $r.autoscaling.maxReplicas) }}
{{- fail (printf "roles.%s.autoscaling: minReplicas is greater than maxReplicas" $role) }}
{{- end }}
{{- end }}
{{- end }}
{{- if and .Values.ingress.enabled (not (or (index .Values.roles "api").enabled (index .Values.roles "ingest").enabled)) }}
{{- fail "ingress.enabled needs roles.api or roles.ingest enabled: it routes only to them" }}
{{- end }}
{{- end }}

{{/*
Renders its argument when it is set (neither null nor ""), else nothing. For values like minAvailable: "".
*/}}
{{- define "tollgate.present" -}}
{{- if not (or (kindIs "invalid" .) (eq (toString .) "")) }}{{ . }}{{- end }}
{{- end }}

{{/*
A PodDisruptionBudget count or percentage: an integer as is, anything else quoted.
*/}}
{{- define "tollgate.intOrPercent" -}}
{{- if regexMatch "^[0-9]+$" (toString .) }}{{ . }}{{ else }}{{ . | quote }}{{ end }}
{{- end }}
