import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { consumerGroupId, topicNames } from '../../../packages/contracts/src/index';
import { atalaiaConsumers } from '../../../packages/kafka/src/index';
import { deploymentsByService, envValue, mainContainer, ofKind, profiles, rendered, selects, serviceOf, type Manifest } from './rendered-manifests';

const services = ['gateway', 'occurrence', 'dispatch', 'audit', 'relay'];
const lagScaled = ['occurrence', 'dispatch', 'audit'];

type Container = { name: string; image: string; securityContext?: Record<string, any>; volumeMounts?: Array<{ name: string; mountPath: string }>; [key: string]: any };
const containersOf = (deployment: Manifest): Container[] => [...(deployment.spec.template.spec.initContainers ?? []), ...deployment.spec.template.spec.containers];
const podLabels = (deployment: Manifest): Record<string, string> => deployment.spec.template.metadata.labels;

for (const profile of profiles) {
  describe(`atalaia, ${profile} values`, () => {
    const manifests = rendered(profile, 'atalaia');
    const deployments = deploymentsByService(profile);
    const gateway = deployments.get('gateway')!;
    const namespace = envValue(gateway, 'KAFKA_TOPIC_NAMESPACE') ?? '';
    const partitions = Number(envValue(gateway, 'KAFKA_TOPIC_PARTITIONS'));

    it('when the chart renders, then every service has a Deployment, a Service and a ServiceMonitor on /metrics', () => {
      assert.deepEqual([...deployments.keys()].sort(), [...services].sort());
      for (const [service, deployment] of deployments) {
        const svc = ofKind(manifests, 'Service').find((candidate) => selects({ matchLabels: candidate.spec.selector }, podLabels(deployment)));
        assert.ok(svc, `${service} has a Service`);
        const monitor = ofKind(manifests, 'ServiceMonitor').find((candidate) => selects(candidate.spec.selector, svc!.metadata.labels ?? {}));
        assert.deepEqual(monitor?.spec.endpoints.map((endpoint: { port: string; path: string }) => [endpoint.port, endpoint.path]), [['http', '/metrics']], service);
      }
    });

    it('when a Deployment runs, then liveness checks the process, readiness the dependencies, and a startup probe guards the boot', () => {
      for (const [service, deployment] of deployments) {
        const container = mainContainer(deployment) as Container;
        assert.equal(container.livenessProbe?.httpGet?.path, '/health/live', service);
        assert.equal(container.readinessProbe?.httpGet?.path, '/health/ready', service);
        assert.equal(container.startupProbe?.httpGet?.path, '/health/live', service);
        assert.ok(container.startupProbe.periodSeconds * container.startupProbe.failureThreshold >= 60, `${service}: a minute at least to boot`);
      }
    });

    it('when a node drains, then every Deployment has a PodDisruptionBudget of its own', () => {
      for (const [service, deployment] of deployments) {
        const budgets = ofKind(manifests, 'PodDisruptionBudget').filter((budget) => selects(budget.spec.selector, podLabels(deployment)));
        assert.equal(budgets.length, 1, service);
      }
    });

    it('when a pod starts, then every image names a version (no `latest`, no missing tag)', () => {
      for (const deployment of deployments.values()) {
        for (const { name, image } of containersOf(deployment)) {
          const tag = /^[^@]+:([^:/@]+)(@sha256:[0-9a-f]{64})?$/.exec(image)?.[1];
          assert.ok(tag && tag !== 'latest', `${deployment.metadata.name}/${name}: ${image}`);
        }
      }
    });

    it('when a container runs, then it is non-root, unprivileged, on a read-only root with /tmp an emptyDir', () => {
      for (const deployment of deployments.values()) {
        const pod = deployment.spec.template.spec;
        assert.equal(pod.securityContext.runAsNonRoot, true);
        assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault');
        const tmp = pod.volumes.find((volume: { name: string; emptyDir?: object }) => volume.emptyDir && volume.name === 'tmp');
        for (const container of containersOf(deployment)) {
          const where = `${deployment.metadata.name}/${container.name}`;
          assert.equal(container.securityContext?.readOnlyRootFilesystem, true, where);
          assert.equal(container.securityContext?.allowPrivilegeEscalation, false, where);
          assert.equal(container.securityContext?.runAsNonRoot, true, where);
          assert.deepEqual(container.securityContext?.capabilities?.drop, ['ALL'], where);
          assert.equal(container.securityContext?.seccompProfile?.type, 'RuntimeDefault', where);
          assert.ok(tmp && container.volumeMounts?.some((mount) => mount.name === tmp.name && mount.mountPath === '/tmp'), where);
        }
      }
    });

    it('when a service owns a database, then an init container migrates that same database before it starts', () => {
      for (const [service, deployment] of deployments) {
        const database = mainContainer(deployment).env.find((variable) => variable.name === 'DATABASE_URL');
        const migrate = (deployment.spec.template.spec.initContainers ?? []).find((container: Container) => container.name === 'migrate');
        if (!database) {
          assert.equal(migrate, undefined, service);
          continue;
        }
        assert.deepEqual(migrate?.command, ['node_modules/.bin/atalaia-migrate'], service);
        assert.equal(migrate.workingDir, `/app/services/${service}`);
        assert.deepEqual(migrate.env.find((variable: { name: string }) => variable.name === 'DATABASE_URL'), database, service);
      }
    });

    it('when consumers lag, then KEDA scales occurrence, dispatch and audit on every group they read, within the partitions', () => {
      for (const service of lagScaled) {
        const deployment = deployments.get(service)!;
        assert.equal(deployment.spec.replicas, undefined, `${service}: replicas belong to the autoscaler`);
        const scaled = ofKind(manifests, 'ScaledObject').filter((candidate) => candidate.spec.scaleTargetRef.name === deployment.metadata.name);
        assert.equal(scaled.length, 1, service);
        const { minReplicaCount, maxReplicaCount, triggers } = scaled[0]!.spec;
        assert.ok(minReplicaCount >= 1 && maxReplicaCount <= partitions, `${service}: ${minReplicaCount}..${maxReplicaCount} of ${partitions}`);
        const watched = triggers.map((trigger: { type: string; metadata: { consumerGroup: string; topic: string } }) => `${trigger.metadata.consumerGroup} ${trigger.metadata.topic}`);
        const topics = topicNames(namespace);
        const expected = atalaiaConsumers
          .filter(({ name }) => name.startsWith(`${service}.`))
          .flatMap(({ name, reads }) => [reads].flat().map((role) => `${consumerGroupId(namespace, name)} ${topics[role]}`));
        assert.deepEqual([...watched].sort(), expected.sort(), service);
        const password = mainContainer(deployment).env.find((variable) => variable.name === 'KAFKA_SASL_PASSWORD');
        for (const trigger of triggers) {
          if (!password) {
            assert.equal(trigger.authenticationRef, undefined, service);
            continue;
          }
          // KEDA signs in as the service itself: the same KafkaUser Secret.
          const auth = ofKind(manifests, 'TriggerAuthentication').find((candidate) => candidate.metadata.name === trigger.authenticationRef?.name);
          assert.equal(trigger.metadata.sasl, 'scram_sha512', service);
          const secretRef = auth?.spec.secretTargetRef.find((ref: { parameter: string }) => ref.parameter === 'password');
          assert.deepEqual({ name: secretRef?.name, key: secretRef?.key }, password.valueFrom.secretKeyRef, service);
        }
      }
    });

    it('when the relay runs, then it is two fixed replicas (leader and standby) that no autoscaler touches', () => {
      const relay = deployments.get('relay')!;
      assert.equal(relay.spec.replicas, 2);
      const targets = [...ofKind(manifests, 'ScaledObject'), ...ofKind(manifests, 'HorizontalPodAutoscaler')].map((scaler) => scaler.spec.scaleTargetRef.name);
      assert.ok(!targets.includes(relay.metadata.name));
    });

    it('when the gateway is busy, then an autoscaling/v2 HPA scales it on CPU', () => {
      const [hpa, ...others] = ofKind(manifests, 'HorizontalPodAutoscaler');
      assert.equal(others.length, 0);
      assert.equal(hpa?.apiVersion, 'autoscaling/v2');
      assert.equal(hpa.spec.scaleTargetRef.name, gateway.metadata.name);
      assert.deepEqual(hpa.spec.metrics.map((metric: { resource: { name: string } }) => metric.resource.name), ['cpu']);
      assert.equal(gateway.spec.replicas, undefined);
    });

    it('when traffic flows, then everything is denied but each port to its callers, and metrics to monitoring', () => {
      const policies = ofKind(manifests, 'NetworkPolicy');
      const deny = policies.filter((policy) => !policy.spec.ingress && !policy.spec.egress && policy.spec.policyTypes.length === 2);
      for (const [service, deployment] of deployments) {
        assert.ok(deny.some((policy) => selects(policy.spec.podSelector, podLabels(deployment))), `${service}: denied by default`);
        const own = policies.filter((policy) => policy.spec.ingress && selects(policy.spec.podSelector, podLabels(deployment)));
        assert.equal(own.length, 1, service);
        const [callers, monitoring] = own[0]!.spec.ingress;
        if (service === 'gateway') {
          assert.ok(callers.from.every((peer: object) => 'namespaceSelector' in peer), 'the gateway: from the ingress controller');
        } else {
          assert.deepEqual(callers.from.map((peer: { podSelector?: object }) => peer.podSelector), [{ matchLabels: { 'app.kubernetes.io/instance': podLabels(deployment)['app.kubernetes.io/instance'], 'app.kubernetes.io/component': 'gateway' } }], service);
        }
        assert.ok(monitoring.from.every((peer: object) => Object.keys(peer).join() === 'namespaceSelector'), `${service}: /metrics to the monitoring namespace`);
        assert.equal(own[0]!.spec.ingress.length, 2, service);
      }
      const gatewayPolicy = policies.find((policy) => policy.spec.egress && serviceOf(policy) === 'gateway')!;
      for (const service of services.filter((name) => name !== 'gateway')) {
        const port = Number(envValue(deployments.get(service)!, 'PORT'));
        assert.ok(gatewayPolicy.spec.egress.some((rule: { ports?: Array<{ port: number }> }) => rule.ports?.some((entry) => entry.port === port)), `gateway → ${service}`);
      }
    });
  });
}
