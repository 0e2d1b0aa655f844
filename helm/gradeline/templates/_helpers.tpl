{{- define "gradeline.labels" -}}
app.kubernetes.io/part-of: gradeline
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end }}

{{- define "gradeline.env" -}}
- { name: NODE_ENV, value: production }
- { name: HOST, value: "0.0.0.0" }
- { name: LOG_LEVEL, value: {{ .root.Values.config.logLevel | quote }} }
- { name: PUBLIC_URL, value: {{ .root.Values.config.publicUrl | quote }} }
- { name: NATS_URL, value: {{ .root.Values.config.natsUrl | quote }} }
- { name: NATS_NAMESPACE, value: {{ .root.Values.config.natsNamespace | quote }} }
- { name: OTEL_EXPORTER_OTLP_ENDPOINT, value: {{ .root.Values.config.otlpEndpoint | quote }} }
- { name: STORAGE_KIND, value: {{ .root.Values.config.storage.kind | quote }} }
- { name: S3_ENDPOINT, value: {{ .root.Values.config.storage.endpoint | quote }} }
- { name: S3_BUCKET, value: {{ .root.Values.config.storage.bucket | quote }} }
- { name: S3_REGION, value: {{ .root.Values.config.storage.region | quote }} }
- { name: REDIS_URL, value: {{ .root.Values.config.redisUrl | quote }} }
- { name: JWKS_URL, value: "http://{{ .root.Release.Name }}-identity:8080/.well-known/jwks.json" }
{{- range $name, $_ := .root.Values.services }}
- { name: {{ upper $name }}_URL, value: "http://{{ $.root.Release.Name }}-{{ $name }}:8080" }
{{- end }}
- name: DATABASE_URL
  valueFrom: { secretKeyRef: { name: {{ .root.Values.secretName }}, key: DATABASE_URL_{{ upper .name }}, optional: true } }
- name: PORT
  value: "8080"
{{- end }}
