{{- define "infra.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/part-of: atalaia
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels of a Strimzi resource: the operator links it to its cluster by strimzi.io/cluster. */}}
{{- define "infra.strimziLabels" -}}
{{ include "infra.labels" . }}
strimzi.io/cluster: {{ .Values.kafka.name }}
{{- end -}}

{{/* A topic's full name: the namespace prefix, then the role's base name (contracts' topicNames). */}}
{{- define "infra.topic" -}}
{{- $name := index .root.Values.kafka.topics .role | required (printf "kafka.topics has no role %s" .role) -}}
{{- if .root.Values.kafka.topicNamespace -}}
{{- printf "%s.%s" .root.Values.kafka.topicNamespace $name -}}
{{- else -}}
{{- $name -}}
{{- end -}}
{{- end -}}

{{/* Consumer group names are namespaced like topics (contracts' consumerGroupId). */}}
{{- define "infra.group" -}}
{{- if .root.Values.kafka.topicNamespace -}}
{{- printf "%s.%s" .root.Values.kafka.topicNamespace .group -}}
{{- else -}}
{{- .group -}}
{{- end -}}
{{- end -}}

{{/* A Kubernetes name for a Kafka topic (spec.topicName keeps the real one). */}}
{{- define "infra.topicResourceName" -}}
{{- . | lower | replace "_" "-" | trunc 253 | trimSuffix "." | trimSuffix "-" -}}
{{- end -}}

{{- define "infra.scram" -}}
{{- $auth := .Values.kafka.listener.authentication -}}
{{- if eq $auth "scram-sha-512" -}}true{{- else if ne $auth "none" -}}
{{- fail "kafka.listener.authentication is none or scram-sha-512" -}}
{{- end -}}
{{- end -}}
