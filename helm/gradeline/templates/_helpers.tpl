{{- define "gradeline.labels" -}}
app.kubernetes.io/part-of: gradeline
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end }}

{{/* One key of the chart's Secret as an environment variable. */}}
{{- define "gradeline.secretEnv" -}}
- name: {{ .env }}
  valueFrom: { secretKeyRef: { name: {{ .root.Values.secretName }}, key: {{ .key }}{{ if .optional }}, optional: true{{ end }} } }
{{- end }}

{{/*
The environment of one service (dict "root" $ "name" <service>): the shared settings, the
service's own ones, and only the Secret keys that service reads. Variables are listed in
docs/configuration.md; `services.<name>.env` sets any other of the service's own.
*/}}
{{- define "gradeline.env" -}}
{{- $root := .root -}}
{{- $name := .name -}}
{{- $svc := index $root.Values.services $name -}}
{{- $config := $root.Values.config -}}
- { name: NODE_ENV, value: production }
- { name: HOST, value: "0.0.0.0" }
- { name: PORT, value: "8080" }
- { name: LOG_LEVEL, value: {{ $config.logLevel | quote }} }
- { name: PUBLIC_URL, value: {{ $config.publicUrl | quote }} }
- { name: NATS_URL, value: {{ $config.natsUrl | quote }} }
- { name: NATS_NAMESPACE, value: {{ $config.natsNamespace | quote }} }
- { name: OTEL_EXPORTER_OTLP_ENDPOINT, value: {{ $config.otlpEndpoint | quote }} }
- { name: SHUTDOWN_TIMEOUT_MS, value: {{ $config.shutdownTimeout | quote }} }
- { name: DATABASE_POOL_MAX, value: {{ $config.databasePoolMax | quote }} }
- { name: STORAGE_KIND, value: {{ $config.storage.kind | quote }} }
- { name: S3_ENDPOINT, value: {{ $config.storage.endpoint | quote }} }
- { name: S3_PUBLIC_ENDPOINT, value: {{ $config.storage.publicEndpoint | quote }} }
- { name: S3_BUCKET, value: {{ $config.storage.bucket | quote }} }
- { name: S3_REGION, value: {{ $config.storage.region | quote }} }
- { name: JWKS_URL, value: "http://{{ $root.Release.Name }}-identity:8080/.well-known/jwks.json" }
{{ include "gradeline.secretEnv" (dict "root" $root "env" "DATABASE_URL" "key" (printf "DATABASE_URL_%s" (upper $name))) }}
{{ include "gradeline.secretEnv" (dict "root" $root "env" "S3_ACCESS_KEY" "key" "S3_ACCESS_KEY" "optional" (ne $config.storage.kind "s3")) }}
{{ include "gradeline.secretEnv" (dict "root" $root "env" "S3_SECRET_KEY" "key" "S3_SECRET_KEY" "optional" (ne $config.storage.kind "s3")) }}
{{ include "gradeline.secretEnv" (dict "root" $root "env" "STORAGE_SIGNING_SECRET" "key" "STORAGE_SIGNING_SECRET" "optional" (ne $config.storage.kind "fs")) }}
{{- if eq $name "gateway" }}
{{- range $upstream, $_ := $root.Values.services }}
{{- if ne $upstream "gateway" }}
- { name: {{ upper $upstream }}_URL, value: "http://{{ $root.Release.Name }}-{{ $upstream }}:8080" }
{{- end }}
{{- end }}
- { name: METRICS_PORT, value: {{ $svc.metricsPort | quote }} }
{{ include "gradeline.secretEnv" (dict "root" $root "env" "WEBHOOK_SIGNING_SECRET" "key" "WEBHOOK_SIGNING_SECRET") }}
{{- if $svc.redisUrl }}
- { name: REDIS_URL, value: {{ $svc.redisUrl | quote }} }
{{- else }}
{{ include "gradeline.secretEnv" (dict "root" $root "env" "REDIS_URL" "key" "REDIS_URL" "optional" true) }}
{{- end }}
{{- else }}
- { name: TRUSTED_PROXIES, value: {{ $config.trustedProxies | quote }} }
{{- end }}
{{- if eq $name "identity" }}
{{ include "gradeline.secretEnv" (dict "root" $root "env" "JWT_PRIVATE_KEYS" "key" "JWT_PRIVATE_KEYS") }}
{{ include "gradeline.secretEnv" (dict "root" $root "env" "SMTP_URL" "key" "SMTP_URL" "optional" true) }}
- { name: MAIL_DIR, value: /tmp/mail }
{{- end }}
{{- range $variable, $value := $svc.env }}
- { name: {{ $variable }}, value: {{ $value | quote }} }
{{- end }}
{{- end }}
