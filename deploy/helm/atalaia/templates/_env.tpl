{{/*
The environment of one service: the variables of services/<name>/src/config.ts
and packages/config (the shared ones), the OpenTelemetry SDK's, and Kubernetes
facts for the trace resource. Input: a service context (root, name, svc).
*/}}
{{- define "atalaia.env" -}}
{{- $root := .root -}}
{{- $svc := .svc -}}
{{- $values := $root.Values -}}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: HOST
  value: 0.0.0.0
- name: PORT
  value: {{ $svc.port | quote }}
- name: LOG_LEVEL
  value: {{ $values.logLevel | quote }}
# A writable home for npm/tsx when an operator runs a CLI in the pod.
- name: HOME
  value: /tmp
- name: ATALAIA_VERSION
  value: {{ include "atalaia.imageTag" $root | quote }}
{{- if $svc.database }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ printf "%s-app" $svc.database }}
      key: uri
{{- end }}
- name: KAFKA_BROKERS
  value: {{ include "atalaia.kafkaBootstrap" $root | quote }}
- name: KAFKA_TOPIC_NAMESPACE
  value: {{ $values.kafka.topicNamespace | quote }}
- name: KAFKA_TOPIC_PARTITIONS
  value: {{ $values.kafka.topicPartitions | quote }}
{{- if $svc.consumerConcurrency }}
- name: KAFKA_CONSUMER_CONCURRENCY
  value: {{ $svc.consumerConcurrency | quote }}
{{- end }}
{{- if include "atalaia.kafkaScram" $root }}
- name: KAFKA_SASL_MECHANISM
  value: scram-sha-512
- name: KAFKA_SASL_USERNAME
  value: {{ include "atalaia.kafkaUser" . | quote }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "atalaia.kafkaUser" . }}
      key: password
{{- end }}
{{- if $values.kafka.tls.enabled }}
- name: KAFKA_TLS
  value: "true"
- name: KAFKA_TLS_CA_FILE
  value: /etc/atalaia/kafka-ca/ca.crt
{{- end }}
{{- if ne .name "relay" }}
# The gateway signs the access context of every read it forwards; the services check it.
# The relay's outbox figures carry no agency data and are not behind a signature.
- name: ACCESS_CONTEXT_SIGNING_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "atalaia.accessContextSecret" $root }}
      key: {{ $values.accessContext.secretKey }}
{{- end }}
{{- with $values.otel }}
{{- if .endpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ .endpoint | quote }}
- name: OTEL_EXPORTER_OTLP_PROTOCOL
  value: {{ .protocol | quote }}
{{- end }}
- name: OTEL_TRACES_SAMPLER
  value: {{ .sampler | quote }}
{{- if .samplerArg }}
- name: OTEL_TRACES_SAMPLER_ARG
  value: {{ .samplerArg | quote }}
{{- end }}
- name: OTEL_RESOURCE_ATTRIBUTES
  value: {{ printf "k8s.namespace.name=$(POD_NAMESPACE),k8s.pod.name=$(POD_NAME)%s" (ternary (printf ",%s" .resourceAttributes) "" (ne .resourceAttributes "")) | quote }}
{{- end }}
{{- if eq .name "gateway" }}
{{- include "atalaia.gatewayEnv" . }}
{{- end }}
{{- if eq .name "relay" }}
{{- include "atalaia.relayEnv" . }}
{{- end }}
{{- range $key, $value := $svc.config }}
- name: {{ $key }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- with $values.default.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- with (index $values.services .name).extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The gateway forwards reads to the services that own the data, and asks the relay for the outbox figures. */}}
{{- define "atalaia.gatewayEnv" -}}
{{- $root := .root -}}
{{- $svc := .svc }}
{{- range $target := list "occurrence" "dispatch" "audit" "relay" }}
- name: {{ printf "%s_SERVICE_URL" (upper $target) }}
  value: {{ include "atalaia.serviceUrl" (dict "root" $root "name" $target) | quote }}
{{- end }}
{{- $publicUrl := include "atalaia.publicUrl" $root }}
{{- if $publicUrl }}
- name: PUBLIC_URL
  value: {{ $publicUrl | quote }}
{{- end }}
- name: CONSOLE_COOKIE_SECURE
  value: {{ $svc.consoleCookieSecure | default (hasPrefix "https://" $publicUrl) | toString | quote }}
{{- if $svc.consoleJaegerUrl }}
- name: CONSOLE_JAEGER_URL
  value: {{ $svc.consoleJaegerUrl | quote }}
{{- end }}
{{- end -}}

{{/*
The relay drains the outbox of every database in outboxSources. Each URL is the
CNPG -app Secret's `uri` (the -rw service, the primary itself): the relay's
leadership is a session advisory lock, which a transaction-mode pooler would break.
*/}}
{{- define "atalaia.relayEnv" -}}
{{- $root := .root -}}
{{- $sources := list -}}
{{- range $source := .svc.outboxSources }}
{{- $owner := include "atalaia.serviceContext" (dict "root" $root "name" $source) | fromJson }}
{{- if not $owner.database }}
{{- fail (printf "services.relay.outboxSources names %s, which has no database" $source) }}
{{- end }}
{{- $var := printf "OUTBOX_%s_DATABASE_URL" (upper $source) }}
{{- $sources = append $sources (printf "%s=$(%s)" $source $var) }}
- name: {{ $var }}
  valueFrom:
    secretKeyRef:
      name: {{ printf "%s-app" $owner.database }}
      key: uri
{{- end }}
- name: OUTBOX_SOURCES
  value: {{ join "," $sources | quote }}
{{- end -}}
