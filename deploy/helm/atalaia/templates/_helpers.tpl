{{/*
Names, labels and the per-service settings every template shares.
A "service context" is a dict: root (the chart's .), name (gateway…), svc
(.Values.default merged under .Values.services.<name>).
*/}}

{{- define "atalaia.serviceNames" -}}
gateway occurrence dispatch audit relay
{{- end -}}

{{/* The service context of one service, as JSON (templates `fromJson` it back). */}}
{{- define "atalaia.serviceContext" -}}
{{- $root := .root -}}
{{- $own := index $root.Values.services .name | default dict -}}
{{- $svc := mergeOverwrite (deepCopy $root.Values.default) (deepCopy $own) -}}
{{- toJson $svc -}}
{{- end -}}

{{/* The services that are enabled, in a fixed order, as a space-separated list. */}}
{{- define "atalaia.enabledServices" -}}
{{- $root := . -}}
{{- $names := list -}}
{{- range $name := splitList " " (include "atalaia.serviceNames" .) -}}
{{- $own := index $root.Values.services $name | default dict -}}
{{- if ne (toString (index $own "enabled")) "false" -}}
{{- $names = append $names $name -}}
{{- end -}}
{{- end -}}
{{- join " " $names -}}
{{- end -}}

{{- define "atalaia.fullname" -}}
{{- printf "%s-%s" .root.Release.Name .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "atalaia.selectorLabels" -}}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "atalaia.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/part-of: atalaia
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/version: {{ include "atalaia.imageTag" .root | quote }}
{{ include "atalaia.selectorLabels" . }}
{{- end -}}

{{/* Labels of resources that belong to the release rather than one service. */}}
{{- define "atalaia.releaseLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/part-of: atalaia
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "atalaia.imageTag" -}}
{{- $tag := .Values.image.tag | default .Chart.AppVersion | toString -}}
{{- if or (eq $tag "latest") (eq $tag "") -}}
{{- fail "image.tag must name a version: `latest` (or no tag) says nothing about what runs" -}}
{{- end -}}
{{- $tag -}}
{{- end -}}

{{- define "atalaia.image" -}}
{{- $ref := printf "%s:%s" .Values.image.repository (include "atalaia.imageTag" .) -}}
{{- if .Values.image.digest -}}
{{- $ref = printf "%s@%s" $ref .Values.image.digest -}}
{{- end -}}
{{- $ref -}}
{{- end -}}

{{- define "atalaia.serviceAccountName" -}}
{{- if .Values.serviceAccount.name -}}
{{- .Values.serviceAccount.name -}}
{{- else if contains "atalaia" .Release.Name -}}
{{- .Release.Name -}}
{{- else -}}
{{- printf "%s-atalaia" .Release.Name -}}
{{- end -}}
{{- end -}}

{{- define "atalaia.accessContextSecret" -}}
{{- .Values.accessContext.existingSecret | default (printf "%s-access-context" .Release.Name) -}}
{{- end -}}

{{/* A topic's full name: the namespace prefix, then the role's base name. */}}
{{- define "atalaia.topic" -}}
{{- $name := index .root.Values.kafka.topics .role | required (printf "kafka.topics has no role %s" .role) -}}
{{- if .root.Values.kafka.topicNamespace -}}
{{- printf "%s.%s" .root.Values.kafka.topicNamespace $name -}}
{{- else -}}
{{- $name -}}
{{- end -}}
{{- end -}}

{{/* A consumer group's full name, namespaced like topics (contracts' consumerGroupId). */}}
{{- define "atalaia.consumerGroup" -}}
{{- if .root.Values.kafka.topicNamespace -}}
{{- printf "%s.%s" .root.Values.kafka.topicNamespace .group -}}
{{- else -}}
{{- .group -}}
{{- end -}}
{{- end -}}

{{- define "atalaia.kafkaBootstrap" -}}
{{- .Values.kafka.bootstrapServers | default (printf "%s-kafka-bootstrap:%v" .Values.kafka.cluster .Values.kafka.port) -}}
{{- end -}}

{{- define "atalaia.kafkaCaSecret" -}}
{{- .Values.kafka.tls.caSecret | default (printf "%s-cluster-ca-cert" .Values.kafka.cluster) -}}
{{- end -}}

{{/* The KafkaUser (and its Secret) of a service, as atalaia-infra names it. */}}
{{- define "atalaia.kafkaUser" -}}
{{- printf "%s-%s" .root.Values.kafka.cluster .name -}}
{{- end -}}

{{- define "atalaia.kafkaScram" -}}
{{- if eq .Values.kafka.authentication "scram-sha-512" -}}true{{- else if ne .Values.kafka.authentication "none" -}}
{{- fail "kafka.authentication is none or scram-sha-512" -}}
{{- end -}}
{{- end -}}

{{/* The gateway's PUBLIC_URL: given, or https://<ingress host> behind a TLS ingress. */}}
{{- define "atalaia.publicUrl" -}}
{{- $gateway := .Values.services.gateway | default dict -}}
{{- if $gateway.publicUrl -}}
{{- $gateway.publicUrl -}}
{{- else if and .Values.ingress.enabled .Values.ingress.tlsSecretName -}}
{{- printf "https://%s" .Values.ingress.host -}}
{{- end -}}
{{- end -}}

{{- define "atalaia.serviceUrl" -}}
{{- $svc := include "atalaia.serviceContext" . | fromJson -}}
{{- printf "http://%s:%v" (include "atalaia.fullname" .) $svc.port -}}
{{- end -}}
