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
{{- if .Values.podDisruptionBudget.enabled }}
{{- if and (include "tollgate.pdbMinAvailable" .) (include "tollgate.pdbMaxUnavailable" .) }}
{{- fail "podDisruptionBudget: set only one of minAvailable and maxUnavailable" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
podDisruptionBudget.minAvailable / maxUnavailable as strings; empty when unset (null or "").
*/}}
{{- define "tollgate.pdbMinAvailable" -}}
{{- $v := .Values.podDisruptionBudget.minAvailable }}
{{- if not (or (kindIs "invalid" $v) (eq (toString $v) "")) }}{{ $v }}{{- end }}
{{- end }}

{{- define "tollgate.pdbMaxUnavailable" -}}
{{- $v := .Values.podDisruptionBudget.maxUnavailable }}
{{- if not (or (kindIs "invalid" $v) (eq (toString $v) "")) }}{{ $v }}{{- end }}
{{- end }}
