# %% [markdown]
# # Lab 04 — Fine-tuning de um Vision Transformer no CIFAR-10 com Hugging Face
#
# O `google/vit-base-patch16-224` é um **Vision Transformer** (ViT-B/16) treinado pelo Google no
# ImageNet-21k (14 milhões de imagens) e ajustado no ImageNet-1k (1.000 classes). Ele corta a
# imagem de 224×224 em 14×14 = 196 *patches* de 16×16 pixels, transforma cada patch em um vetor
# (um "token") e passa a sequência por 12 blocos de atenção. Neste lab vamos **reaproveitar** tudo
# o que ele aprendeu e ensiná-lo a reconhecer as 10 classes do CIFAR-10 com apenas 4.500 imagens
# de treino e poucos minutos de GPU: isso é *fine-tuning*.
#
# Nos Labs 02 e 03 o laço de treino veio pronto e à vista: o `train_epoch` do `course_utils`, um `for`
# sobre os batches com *forward*, loss, *backward* e passo do otimizador, que o seu `fine_tune` do
# Lab 03 chamava. Aqui ele fica escondido dentro do ecossistema Hugging Face, junto com tudo o que um
# treino de verdade pede em volta:
#
# | peça | papel |
# |---|---|
# | `datasets` | baixa o CIFAR-10 e aplica transformações sob demanda |
# | `ViTImageProcessor` | guarda **como** o modelo espera as imagens: tamanho, média e desvio |
# | `ViTForImageClassification` | o modelo: corpo pré-treinado + cabeça de classificação |
# | `Trainer` + `TrainingArguments` | o laço de treino: batches, otimizador, precisão mista, avaliação, checkpoints |
#
# O `Trainer` é genérico: ele não sabe o que é uma imagem nem o que é "acurácia". As peças que
# ligam **os nossos dados** ao **nosso modelo** são justamente as que você vai escrever.
#
# **Como entregar.** Preencha as células marcadas com `# SEU CÓDIGO AQUI`, rode as células de
# teste logo abaixo de cada uma e, antes de enviar, reinicie o kernel e execute tudo em ordem
# (*Ambiente de execução → Reiniciar e executar tudo*). **Não apague nem copie células**: elas
# carregam metadados que a correção automática usa. A correção roda testes extras, ocultos,
# além dos que você vê. Use um ambiente com GPU (no Colab: *Alterar o tipo de ambiente → T4*).
#
# **Pontuação (10 pontos):** mapas de rótulos (1,5) · transformação das imagens (2,5) ·
# `collate_fn` (2) · `compute_metrics` (2) · modelo com cabeça nova (2).
#
# **Tempo esperado (cerca de 2h30, estimativa):** os dados e a Questão 1 (20 min) · o processador, a
# normalização e a Questão 2 (35 min) · Questões 3 e 4 (30 min) · Questão 5 (15 min) · o treino com o
# `Trainer` (20 min, uns 5 minutos de GPU, que rodam enquanto você lê) · a avaliação no teste e o que
# o modelo olha: erros, atenção, posições (25 min) · uso de modelos de linguagem e feedback (5 min).
# **Para ir além** (sem nota, fora do horário): aumento de dados, o conjunto inteiro, só a cabeça.

# %%
import tempfile
import time

import matplotlib.pyplot as plt
import numpy as np
import torch
from PIL import Image
from torchvision.transforms import v2

import course_utils
from course_utils import hf
from course_utils.checks import check_close, check_dtype, check_equal, check_shape, check_type
from course_utils.cifar import fake_cifar_arrays
from course_utils.plots import plot_confusion_matrix, plot_history, to_image

if course_utils.is_smoke():
    hf.go_offline()  # modo smoke e correção automática: nada de rede
from transformers import Trainer, TrainingArguments, ViTConfig, ViTForImageClassification, ViTImageProcessor

course_utils.quiet_notebook()
hf.quiet_transformers()  # sem logs nem barras de progresso da biblioteca nas células de teste
if course_utils.is_grading():
    plt.switch_backend("agg")  # a correção automática não precisa desenhar as figuras
course_utils.set_seed(42)
device = course_utils.get_device()
SMOKE = course_utils.is_smoke()
print("device:", device, "| modo smoke:", SMOKE)

# %% [markdown]
# ## Os dados: CIFAR-10 pelo `datasets`
#
# O CIFAR-10 tem 60.000 imagens coloridas de 32×32 pixels em 10 classes (50.000 de treino e
# 10.000 de teste). `hf.load_cifar10()` chama `datasets.load_dataset("uoft-cs/cifar10")`, que
# baixa o conjunto do Hugging Face Hub uma única vez (~120 MB) e devolve um `DatasetDict` com os
# splits `train` e `test`. Em modo *smoke* (testes e correção) ele devolve um conjunto minúsculo
# gerado na hora, com as **mesmas colunas e tipos**.
#
# Cada exemplo é um dicionário com duas colunas: `img` (uma imagem PIL) e `label` (um inteiro).
# Os **nomes** das classes não estão em cada exemplo: ficam nas *features* do dataset, que
# descrevem o tipo de cada coluna. A coluna `label` é um `ClassLabel`, que sabe converter
# índice ↔ nome.

# %%
raw = hf.load_cifar10()
print(raw)
print(raw["train"].features)
class_names = raw["train"].features["label"].names
print("classes:", class_names)

# %% [markdown]
# Como no material de referência, usamos um **subconjunto**: 5.000 imagens do treino, das quais
# 4.500 treinam e 500 ficam para **validação** (escolher o melhor checkpoint sem olhar o teste),
# e as 1.000 primeiras imagens do teste para a avaliação final. A divisão é **estratificada**
# (`stratify_by_column`): cada classe aparece na mesma proporção nos dois lados. Com apenas 10%
# dos dados de treino, o pré-treinamento precisa fazer o trabalho pesado.

# %%
N_TRAIN, N_VAL, N_TEST = (80, 20, 40) if SMOKE else (4500, 500, 1000)
pool = raw["train"].select(range(N_TRAIN + N_VAL))
splits = pool.train_test_split(test_size=N_VAL, seed=42, stratify_by_column="label")
train_ds, val_ds = splits["train"], splits["test"]
test_ds = raw["test"].select(range(N_TEST))
print(f"treino: {len(train_ds)} | validação: {len(val_ds)} | teste: {len(test_ds)}")

fig, axes = plt.subplots(2, 8, figsize=(12, 3.4))
for ax, example in zip(axes.flat, train_ds.select(range(16))):
    ax.imshow(example["img"])
    ax.set_title(class_names[example["label"]], fontsize=9)
    ax.axis("off")
fig.tight_layout()

# %% [markdown]
# ## Questão 1 — os mapas de rótulos (1,5 ponto)
#
# O modelo só produz números: 10 *logits*, um por classe. Para que ele mesmo saiba dizer "gato"
# (e para que o checkpoint salvo seja autoexplicativo), a configuração do modelo guarda dois
# dicionários:
#
# - `id2label`: índice → nome (`{0: "airplane", 1: "automobile", ...}`), usado para **ler** uma
#   previsão;
# - `label2id`: nome → índice, o inverso, usado para **escrever** um rótulo.
#
# Implemente `make_label_maps(class_names)`, que devolve o par `(id2label, label2id)`. Os índices
# são as **posições** na lista do dataset: não reordene nada, ou "gato" passaria a ter o índice
# de outra classe. As chaves de `id2label` são `int` do Python (e os valores de `label2id` também):
# não `numpy.int64`, porque a configuração é salva em JSON, que não aceita inteiros do NumPy.
# `class_names` pode vir como lista ou como tupla.

# %% answer label_maps

# %% test label_maps 0.5
id2label_t, label2id_t = make_label_maps(["gato", "cachorro"])
check_equal(id2label_t, {0: "gato", 1: "cachorro"}, "id2label", hint="índice (int) -> nome, na ordem da lista.")
check_equal(label2id_t, {"gato": 0, "cachorro": 1}, "label2id", hint="nome -> índice, o inverso de id2label.")

# %% test label_maps 1
id2label_t, label2id_t = make_label_maps(class_names)
check_equal(len(id2label_t), 10, "len(id2label) no CIFAR-10")
check_equal(id2label_t[3], "cat", "id2label[3]")
check_equal(label2id_t["truck"], 9, "label2id['truck']")
check_equal({i: id2label_t[label2id_t[n]] for n, i in label2id_t.items()}, id2label_t,
            "ida e volta id2label[label2id[nome]]", hint="os dois mapas devem ser inversos um do outro.")

# %% [markdown]
# Os mapas do CIFAR-10, que o modelo vai usar:

# %%
id2label, label2id = make_label_maps(class_names)
print(id2label)

# %% [markdown]
# ## O processador de imagens: como o modelo quer ver as imagens
#
# Um checkpoint do Hub vem com o seu **processador** (`preprocessor_config.json`), que registra
# o pré-processamento usado no pré-treinamento. Vamos olhá-lo (em modo *smoke*, `checkpoint` é
# uma pasta local com um ViT minúsculo e aleatório, salvo com `save_pretrained`, carregado com o
# mesmo `from_pretrained`):

# %%
checkpoint = hf.vit_checkpoint()  # "google/vit-base-patch16-224" (no smoke: uma pasta local)
processor = ViTImageProcessor.from_pretrained(checkpoint)
print("checkpoint:", checkpoint)
print("tamanho:", processor.size["height"], "x", processor.size["width"])
print("média:", list(processor.image_mean), "| desvio padrão:", list(processor.image_std))

# %% [markdown]
# Duas decisões importantes saem daí.
#
# **1. O tamanho: 32×32 vira 224×224.** O ViT-B/16 aprendeu a ver 196 patches de 16×16, cada um
# com a sua *posição* (os *position embeddings* foram aprendidos para essa grade 14×14). Uma
# imagem de 32×32 daria só 2×2 = 4 patches, em posições que o modelo quase nunca viu. Ampliar
# a imagem não cria informação nova, mas coloca os objetos na escala (em patches) que o modelo
# conhece. O preço: 49 vezes mais pixels, por isso o treino precisa de GPU.
#
# **2. A normalização: as estatísticas do pré-treino, não as do CIFAR.** Normalizar é fazer
# `(pixel − média) / desvio` por canal, com o pixel em [0, 1]. A regra do curso (a mesma no Lab 06):
#
# > **Ao ajustar um modelo pré-treinado, normalize com as estatísticas com que ele foi pré-treinado**
# > (as do processador do checkpoint; para os modelos do `torchvision`, as do ImageNet), porque os
# > pesos pré-treinados esperam essa distribuição de entrada. A média e o desvio do próprio dataset
# > (no CIFAR-10, média ≈ (0,491; 0,482; 0,447) e desvio ≈ (0,247; 0,243; 0,262)) só servem quando
# > se treina **do zero**, sem pesos a respeitar.
#
# Aqui **reaproveitamos pesos**. A
# primeira camada do ViT (a projeção dos patches) e tudo o que vem depois foram ajustados a
# entradas normalizadas de um jeito específico; para este checkpoint, média = desvio = 0,5, que
# leva os pixels para [−1, 1]. Se usássemos as estatísticas do CIFAR, o mesmo pixel chegaria com
# outra escala (o desvio 0,25 no lugar de 0,5 dobra o contraste) e outro deslocamento: o modelo
# veria imagens "estranhas" para ele, e as primeiras épocas do fine-tuning seriam gastas
# corrigindo a entrada em vez de aprender as classes — com só 4.500 imagens, isso custa acurácia.
# É o mesmo motivo pelo qual modelos do `torchvision` treinados no ImageNet pedem as estatísticas
# clássicas do ImageNet, (0,485; 0,456; 0,406) e (0,229; 0,224; 0,225): cada checkpoint tem as
# suas, e por isso lemos do **processador** em vez de decorar números.
#
# Veja o que acontece com alguns valores de pixel:

# %%
pixel = torch.tensor([0.0, 0.25, 0.5, 0.75, 1.0])
cifar_mean, cifar_std = 0.491, 0.247
print("pixel em [0, 1]:      ", pixel.tolist())
print("como no pré-treino:   ", ((pixel - processor.image_mean[0]) / processor.image_std[0]).round(decimals=2).tolist())
print("com estatística CIFAR:", ((pixel - cifar_mean) / cifar_std).round(decimals=2).tolist())

# %% [markdown]
# ## Questão 2 — a transformação das imagens (2,5 pontos)
#
# Com `dataset.with_transform(transform)`, o `datasets` chama `transform` **sob demanda**, cada vez
# que um exemplo (ou lote) é lido, com um dicionário de **listas**: `{"img": [imagens PIL],
# "label": [inteiros]}`. Nada é pré-calculado nem guardado em disco: as imagens de 224×224 em
# float ocupariam 600 KB cada.
#
# Implemente `make_transform(processor)`, que devolve essa função `transform(batch)`. Para cada
# imagem:
#
# 1. converta para RGB (`image.convert("RGB")`: alguns datasets têm imagens em tons de cinza ou
#    com canal alfa);
# 2. redimensione para `(processor.size["height"], processor.size["width"])`, com interpolação
#    bilinear (a do processador e o padrão de `v2.Resize`);
# 3. converta para tensor float32 em [0, 1];
# 4. normalize com `processor.image_mean` e `processor.image_std`.
#
# Devolva `{"pixel_values": [tensores (3, H, W)], "label": batch["label"]}`. Dica: um
# `v2.Compose` com `v2.ToImage()` e depois `v2.Resize(...)`, `v2.ToDtype(torch.float32, scale=True)` e
# `v2.Normalize(...)` faz os passos 2 a 4.
#
# **Regra da questão: não chame o processador** (`processor(...)`, `processor.preprocess`, nem os
# métodos `resize`/`rescale`/`normalize` dele) dentro de `transform`. Ele faz o mesmo trabalho, e a
# questão é justamente escrevê-lo você mesmo: use só os **valores** que ele guarda
# (`processor.size`, `processor.image_mean`, `processor.image_std`). Assim você vê o que ele faz e
# pode acrescentar *data augmentation* depois. A correção roda a sua função com o processador
# bloqueado. O mesmo vale para os outros processadores de imagem do `transformers`
# (`AutoImageProcessor`, `ViTImageProcessorFast`...) e para as funções de `transformers.image_transforms`.

# %% answer transform

# %% [markdown]
# Primeiro a forma da saída: quantos tensores, de que tamanho e tipo, e os rótulos intactos.

# %% test transform 0.5
images_t, labels_t = fake_cifar_arrays(3, 10, seed=5)
batch_t = {"img": [Image.fromarray(a) for a in images_t], "label": labels_t.tolist()}
out_t = make_transform(processor)(batch_t)
check_type(out_t, dict, "saída de transform")
check_equal("pixel_values" in out_t, True, "a chave 'pixel_values' está na saída?")
check_equal(out_t.get("label"), labels_t.tolist(), "out['label']", hint="devolva os rótulos do batch sem mudá-los.")
check_equal(len(out_t["pixel_values"]), 3, "len(out['pixel_values'])", hint="um tensor por imagem do batch.")
height_t, width_t = processor.size["height"], processor.size["width"]
check_shape(out_t["pixel_values"][0], (3, height_t, width_t), "out['pixel_values'][0]",
            hint="redimensione para o tamanho do processador, processor.size.")
check_dtype(out_t["pixel_values"][0], torch.float32, "out['pixel_values'][0]")

# %% [markdown]
# Agora os valores. Uma imagem de cor única (R, G, B) = (128, 64, 255) deve virar, em cada
# canal, `(valor/255 − média) / desvio` com a média e o desvio **do processador**. E o resultado
# para imagens do CIFAR deve coincidir com o do próprio processador.

# %% test transform 1
solid_t = Image.new("RGB", (32, 32), (128, 64, 255))
x_t = make_transform(processor)({"img": [solid_t], "label": [0]})["pixel_values"][0]
mean_t, std_t = torch.tensor(processor.image_mean), torch.tensor(processor.image_std)
expected_t = (torch.tensor([128.0, 64.0, 255.0]) / 255 - mean_t) / std_t
check_close(x_t[:, 0, 0], expected_t, "pixel (0, 0) da imagem de cor única", atol=1e-4,
            hint="leve para [0, 1] e normalize com processor.image_mean e processor.image_std.")
cifar_t = [Image.fromarray(a) for a in fake_cifar_arrays(4, 10, seed=6)[0]]
pixels_t = torch.stack(make_transform(processor)({"img": cifar_t, "label": [0, 1, 2, 3]})["pixel_values"])
check_close(pixels_t, processor(images=cifar_t, return_tensors="pt")["pixel_values"],
            "transform × processor", atol=0.05)

# %% test transform 1
# Testes ocultos: a correção usa outro processador (outro tamanho, outras estatísticas) e imagens
# que não são RGB, com o processador bloqueado.

# %% [markdown]
# Aplicamos a transformação aos três splits. `with_transform` devolve um **novo** dataset que
# transforma ao ler; `train_ds`, `val_ds` e `test_ds` continuam com as imagens originais (útil
# para mostrar figuras).

# %%
transform = make_transform(processor)
train_tf, val_tf, test_tf = (ds.with_transform(transform) for ds in (train_ds, val_ds, test_ds))
example = train_tf[0]
x = example["pixel_values"]
print("pixel_values:", tuple(x.shape), x.dtype, f"| min {x.min():.2f}, max {x.max():.2f}")

fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(6, 3))
ax0.imshow(train_ds[0]["img"])
ax0.set_title(f"original {train_ds[0]['img'].size[0]}x{train_ds[0]['img'].size[1]}", fontsize=9)
ax1.imshow(to_image(x, processor.image_mean, processor.image_std))
ax1.set_title(f"entrada do modelo {x.shape[1]}x{x.shape[2]} (desnormalizada)", fontsize=9)
for ax in (ax0, ax1):
    ax.axis("off")
fig.tight_layout()

# %% [markdown]
# ## Questão 3 — `collate_fn`: de exemplos a um batch (2 pontos)
#
# O `DataLoader` que o `Trainer` monta lê `batch_size` exemplos, cada um um dicionário
# `{"pixel_values": tensor (3, H, W), "label": int}`, e chama `data_collator(exemplos)` para
# juntá-los. Depois o `Trainer` faz simplesmente `model(**batch)`: as **chaves** do batch viram
# argumentos de `ViTForImageClassification.forward(pixel_values=..., labels=...)`. Por isso:
#
# - as imagens vão **empilhadas** (`torch.stack`, dimensão nova 0) em `"pixel_values"`;
# - os rótulos vão em `"labels"` (no plural!), como tensor `int64`. Sem `labels`, o modelo não
#   calcula a loss e o `Trainer` não tem o que otimizar.
#
# Implemente `collate_fn(examples)`.
# **Regra da questão:** não use os *collators* prontos do `transformers` (`default_data_collator`,
# `DefaultDataCollator` ou qualquer outro de `transformers.data`): eles fazem exatamente este
# trabalho, inclusive a troca de `label` por `labels`. Nem o `default_collate` do PyTorch
# (`torch.utils.data.default_collate`), que empilharia tudo sozinho. A correção roda a sua função
# com eles bloqueados. E `collate_fn` não altera os exemplos que recebe (nada de `pop` ou de
# chaves novas neles): monta um dicionário novo.

# %% answer collate

# %% test collate 1
examples_t = [{"pixel_values": torch.full((3, 4, 4), float(i)), "label": i % 3} for i in range(5)]
batch_t = collate_fn(examples_t)
check_type(batch_t, dict, "batch")
check_equal(sorted(batch_t), ["labels", "pixel_values"], "chaves do batch",
            hint="o modelo recebe model(pixel_values=..., labels=...): use exatamente esses nomes.")
check_shape(batch_t["pixel_values"], (5, 3, 4, 4), "batch['pixel_values']",
            hint="torch.stack cria a dimensão do batch; torch.cat emendaria os canais.")
check_equal(batch_t["pixel_values"][:, 0, 0, 0], torch.arange(5.0), "batch['pixel_values'][:, 0, 0, 0]",
            hint="mantenha a ordem dos exemplos.")
check_equal(batch_t["labels"], torch.tensor([0, 1, 2, 0, 1]), "batch['labels']")
check_dtype(batch_t["labels"], torch.int64, "batch['labels']",
            hint="a cross-entropy espera índices de classe inteiros (torch.long).")

# %% [markdown]
# O teste que importa: o batch passa por um ViT (pequeno, criado aqui) e sai com uma loss.

# %% test collate 1
tiny_config_t = ViTConfig(image_size=16, patch_size=8, hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                          intermediate_size=32, num_labels=3)
tiny_model_t = ViTForImageClassification(tiny_config_t).eval()
examples_t = [{"pixel_values": torch.randn(3, 16, 16), "label": i % 3} for i in range(4)]
with torch.no_grad():
    output_t = tiny_model_t(**collate_fn(examples_t))
check_equal(output_t.loss is not None, True, "o modelo calculou a loss?",
            hint="sem a chave 'labels' no batch, model(**batch) não calcula a loss.")
check_shape(output_t.logits, (4, 3), "logits do batch")
check_equal(bool(torch.isfinite(output_t.loss)), True, "loss finita")

# %% [markdown]
# ## Questão 4 — `compute_metrics`: a acurácia (2 pontos)
#
# Ao fim de cada avaliação, o `Trainer` junta os *logits* de todo o conjunto de validação em um
# array NumPy `(N, número de classes)`, os rótulos em um array `(N,)`, e chama
# `compute_metrics(eval_pred)`; `eval_pred` se desempacota como uma tupla `(logits, labels)`.
# O dicionário devolvido aparece nos logs com o prefixo `eval_` (`eval_accuracy`), e é a chave
# `"accuracy"` que `metric_for_best_model="accuracy"` usa para escolher o melhor checkpoint.
#
# Implemente `compute_metrics(eval_pred)`, que devolve `{"accuracy": fração de acertos}`. A classe
# prevista é a de maior logit **em cada linha** (cada linha é um exemplo). **Regra da questão:**
# calcule com NumPy (ou PyTorch), sem `sklearn.metrics` nem a biblioteca `evaluate`: a conta é
# justamente o que eles fariam por você. A correção roda a sua função com eles bloqueados.
# Outras bibliotecas de métricas (como `torchmetrics`) também não valem.

# %% answer metrics

# %% test metrics 1
logits_t = np.array([[2.0, 0.1, -1.0], [0.0, 3.0, 0.5], [0.2, 0.1, 0.3], [1.0, 4.0, 0.0]])
labels_t = np.array([0, 1, 0, 1])
result_t = compute_metrics((logits_t, labels_t))
check_type(result_t, dict, "compute_metrics(...)")
check_equal(sorted(result_t), ["accuracy"], "chaves do resultado", hint="devolva {'accuracy': valor}.")
check_close(torch.tensor(float(result_t["accuracy"])), torch.tensor(0.75), "accuracy (3 acertos em 4)",
            hint="a previsão de cada exemplo é o argmax da sua linha; a acurácia é a fração de acertos.")

# %% [markdown]
# O `Trainer` entrega um `EvalPrediction`, que se desempacota do mesmo jeito:

# %% test metrics 1
from transformers import EvalPrediction

logits_t = np.zeros((6, 10), dtype=np.float32)
logits_t[np.arange(6), [3, 1, 4, 1, 5, 9]] = 5.0
result_t = compute_metrics(EvalPrediction(predictions=logits_t, label_ids=np.array([3, 1, 4, 0, 0, 9])))
check_type(result_t["accuracy"], float, "result['accuracy']")
check_close(torch.tensor(result_t["accuracy"]), torch.tensor(4 / 6), "accuracy (4 acertos em 6, 10 classes)")

# %% [markdown]
# ## Questão 5 — o modelo: corpo pré-treinado, cabeça nova (2 pontos)
#
# O checkpoint termina em uma camada linear `classifier` de 768 → 1000 (as classes do ImageNet).
# Para o CIFAR-10 precisamos de 768 → 10. `from_pretrained` resolve isso se pedirmos:
#
# - `num_labels=len(id2label)` e também `id2label=...` e `label2id=...`: a configuração do modelo passa a
#   descrever as **nossas** classes, e a cabeça é criada com o tamanho certo;
# - `ignore_mismatched_sizes=True`: os pesos do checkpoint cujo formato não bate (só os da
#   cabeça, 1000 × 768) são **descartados** e a cabeça nova começa aleatória. Sem isso, o
#   carregamento falha com um erro de tamanho: a biblioteca não joga pesos fora sem você pedir.
#
# Todo o resto (embeddings dos patches, posições, os 12 blocos) chega com os pesos
# pré-treinados: é esse conhecimento que torna possível aprender com 4.500 imagens.
# Nada fica congelado: todos os parâmetros do modelo devolvido, corpo e cabeça, continuam com
# `requires_grad=True`, porque o fine-tuning ajusta o modelo inteiro.
# O modelo devolvido fica em `float32`, com ou sem GPU: o `float16` do treino vem da precisão
# mista do `Trainer` (`fp16=True`), que guarda os pesos em `float32` e faz as contas em `float16`
# (com os pesos já em `float16`, ela falha ao reescalar os gradientes). A correção também chama
# `build_model` como se houvesse uma GPU.
#
# Implemente `build_model(checkpoint, id2label, label2id)`.

# %% answer build_model

# %% [markdown]
# Os testes usam um checkpoint minúsculo, salvo localmente com uma cabeça de 1000 classes (como o
# verdadeiro), para rodar em segundos em qualquer máquina.

# %% test build_model 1
tiny_ckpt_t = hf.tiny_vit_checkpoint()
names_t = {0: "gato", 1: "cachorro", 2: "pássaro"}
model_t = build_model(tiny_ckpt_t, names_t, {name: i for i, name in names_t.items()})
check_type(model_t, ViTForImageClassification, "build_model(...)")
check_equal(model_t.classifier.out_features, 3, "saídas da cabeça (classifier.out_features)",
            hint="a cabeça deve ter uma saída por classe: num_labels=len(id2label).")
check_equal(model_t.config.id2label, names_t, "model.config.id2label")
check_equal(model_t.config.label2id, {"gato": 0, "cachorro": 1, "pássaro": 2}, "model.config.label2id")
size_t = model_t.config.image_size
with torch.no_grad():
    logits_t = model_t(pixel_values=torch.randn(2, 3, size_t, size_t)).logits
check_shape(logits_t, (2, 3), "logits de 2 imagens")

# %% [markdown]
# E o corpo? Comparamos cada tensor de `model.vit` (tudo menos a cabeça) com o do checkpoint
# carregado como está.

# %% test build_model 1
reference_t = ViTForImageClassification.from_pretrained(tiny_ckpt_t)  # o checkpoint original, 1000 classes
names_t = dict(enumerate(["avião", "carro", "pássaro", "gato", "cervo", "cão", "sapo", "cavalo", "navio", "caminhão"]))
model_t = build_model(tiny_ckpt_t, names_t, {name: i for i, name in names_t.items()})
reference_state_t = reference_t.vit.state_dict()
for key_t, tensor_t in model_t.vit.state_dict().items():
    check_equal(tensor_t, reference_state_t[key_t], f"vit.{key_t}",
                hint="o corpo deve vir do checkpoint pré-treinado (from_pretrained), não de pesos aleatórios.")
check_shape(model_t.classifier.weight, (10, model_t.config.hidden_size), "classifier.weight")

# %% [markdown]
# ## Treinando com o `Trainer`
#
# Com as peças prontas, o treino é configuração. Os pontos principais de `TrainingArguments`:
#
# | argumento | por quê |
# |---|---|
# | `eval_strategy="epoch"`, `save_strategy="epoch"` | avalia na validação e salva um checkpoint ao fim de cada época |
# | `load_best_model_at_end=True`, `metric_for_best_model="accuracy"` | ao final, recarrega o checkpoint de **maior acurácia de validação** (a chave que `compute_metrics` devolve), não simplesmente o último |
# | `learning_rate=5e-5` com *warmup* e decaimento linear | passos pequenos: queremos **ajustar** os pesos pré-treinados, não apagá-los; o *warmup* protege o corpo dos gradientes grandes da cabeça ainda aleatória |
# | `per_device_train_batch_size=32` | deve caber com folga nos 15 GB de uma T4 em fp16 (estimativa, não medida) e dá 141 passos por época (4.500 / 32) |
# | `fp16=True` | precisão mista: as multiplicações de matrizes rodam em float16 nos *tensor cores* da T4 (em geral 2 a 3 vezes mais rápido, estimativa não medida aqui) e com metade da memória de ativações; os pesos e o otimizador continuam em float32 |
# | `dataloader_num_workers=2` | prepara os próximos batches (redimensionar para 224×224) em paralelo com a GPU; o Colab tem 2 núcleos |
# | `remove_unused_columns=False` | por padrão o `Trainer` apaga as colunas do dataset que não são argumentos de `model.forward`, **antes** da nossa transformação rodar. A coluna `label` ele mantém (o `Trainer` reconhece `label` e `label_ids` como nomes de rótulo e os acrescenta à lista do que fica), mas `img` não é argumento de `forward` e seria apagada: a transformação ficaria sem as imagens |
# | `save_only_model=True`, `save_total_limit=2` | checkpoints sem o estado do otimizador (o Adam guardaria o dobro do modelo) e no máximo dois em disco |
# | `report_to="none"` | sem integrações externas (TensorBoard, W&B) |
#
# Em modo *smoke* o modelo é minúsculo, os dados são poucos e o treino tem 2 épocas curtas;
# na correção automática o treino é pulado.

# %%
model = build_model(checkpoint, id2label, label2id)
print(model.classifier)
print(f"parâmetros: {sum(p.numel() for p in model.parameters()):,}".replace(",", "."))

EPOCHS, BATCH, LR = (2, 16, 1e-3) if SMOKE else (3, 32, 5e-5)
steps = EPOCHS * -(-len(train_ds) // BATCH)
output_dir = tempfile.mkdtemp(prefix="lab04-") if SMOKE else str(course_utils.data_root() / "lab04-vit-cifar10")
args = TrainingArguments(
    output_dir=output_dir,
    eval_strategy="epoch",
    save_strategy="epoch",
    load_best_model_at_end=True,
    metric_for_best_model="accuracy",
    save_only_model=True,
    save_total_limit=2,
    num_train_epochs=EPOCHS,
    max_steps=hf.trainer_max_steps(),  # -1: as épocas decidem (só o ensaio do modo completo limita)
    learning_rate=LR,
    warmup_steps=steps // 10,
    weight_decay=0.01,
    per_device_train_batch_size=BATCH,
    per_device_eval_batch_size=2 * BATCH if SMOKE else 128,
    fp16=torch.cuda.is_available(),
    dataloader_num_workers=0 if SMOKE else 2,
    dataloader_persistent_workers=not SMOKE,
    dataloader_pin_memory=torch.cuda.is_available(),
    logging_strategy="epoch",
    remove_unused_columns=False,
    report_to="none",
    disable_tqdm=SMOKE,
    seed=42,
)
trainer = Trainer(
    model=model,
    args=args,
    train_dataset=train_tf,
    eval_dataset=val_tf,
    data_collator=collate_fn,
    compute_metrics=compute_metrics,
    processing_class=processor,  # salvo junto com cada checkpoint
)

# %%
if course_utils.is_grading():
    print("correção automática: treino pulado")
else:
    start = time.perf_counter()
    trainer.train()
    seconds = time.perf_counter() - start
    print(f"treino: {seconds / 60:.1f} min ({seconds:.0f} s) | melhor acurácia de validação: "
          f"{trainer.state.best_metric:.3f}")
    print("melhor checkpoint:", trainer.state.best_model_checkpoint)

# %% [markdown]
# As curvas de cada época, tiradas de `trainer.state.log_history` (a loss de treino é a média da
# época):

# %%
history = {}
for entry in trainer.state.log_history:
    row = history.setdefault(entry.get("epoch"), {"epoch": entry.get("epoch")})
    if "loss" in entry:
        row["train_loss"] = entry["loss"]
    if "eval_loss" in entry:
        row.update(val_loss=entry["eval_loss"], val_acc=entry["eval_accuracy"])
history = [row for epoch, row in sorted(history.items()) if len(row) > 1]
if history:
    plot_history(history, metrics=("loss", "acc"));

# %% [markdown]
# ## Avaliação no teste
#
# `trainer.predict` roda o modelo (o melhor checkpoint, recarregado ao fim do treino) nas 1.000
# imagens de teste, que ele nunca viu, e devolve os logits (`predictions`), os rótulos
# (`label_ids`) e as métricas com prefixo `test_`.

# %%
outputs = trainer.predict(test_tf)
y_true = outputs.label_ids
y_pred = outputs.predictions.argmax(axis=-1)
print({k: round(v, 4) for k, v in outputs.metrics.items()})
print(f"acurácia no teste: {(y_pred == y_true).mean():.1%} em {len(y_true)} imagens")

# %% [markdown]
# Uma previsão de perto: a imagem, o rótulo verdadeiro, a classe prevista e a probabilidade que o
# modelo deu a cada classe (o *softmax* dos logits).

# %%
i = 0
probs = torch.softmax(torch.from_numpy(outputs.predictions[i]).float(), dim=-1).numpy()
fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(9, 3.2), gridspec_kw={"width_ratios": [1, 2]})
ax0.imshow(test_ds[i]["img"])
ax0.set_title(f"verdadeiro: {id2label[int(y_true[i])]}\nprevisto: {id2label[int(y_pred[i])]}",
              color="green" if y_true[i] == y_pred[i] else "red", fontsize=10)
ax0.axis("off")
ax1.barh(class_names, probs, color=["tab:green" if c == y_pred[i] else "tab:gray" for c in range(len(class_names))])
ax1.invert_yaxis()
ax1.set_xlim(0, 1)
ax1.set_xlabel("probabilidade")
fig.tight_layout()

# %% [markdown]
# A matriz de confusão mostra **quais** classes se confundem: as linhas são as classes
# verdadeiras, as colunas as previstas, e tudo fora da diagonal é erro. No CIFAR-10 os erros
# costumam se concentrar em pares parecidos em 32×32 pixels: gato × cachorro, automóvel ×
# caminhão, cervo × cavalo.

# %%
plot_confusion_matrix(y_true, y_pred, class_names, title="CIFAR-10, 1.000 imagens de teste");

# %% [markdown]
# ### Onde o modelo erra
#
# A matriz mostra quantos erros há em cada par. `most_confused` lista os pares mais trocados (as
# maiores casas fora da diagonal, como o `most_confused` da fastai do Lab 01), e `plot_top_losses`
# mostra as imagens de teste de **maior perda**: os erros mais confiantes, em que o modelo deu
# probabilidade quase nula à classe certa. Olhe para elas com calma: às vezes o erro é compreensível
# (um animal de costas, um caminhão que em 32×32 pixels parece um carro), e às vezes o rótulo do
# próprio CIFAR-10 é discutível. Os títulos dizem real / previsto, a perda e a probabilidade da
# classe real. Esta célula e as duas seguintes não valem nota, e a correção automática as pula; em
# modo *smoke* o modelo não aprendeu nada e as figuras só provam que o código roda.

# %%
from course_utils.plots import most_confused, plot_top_losses

if not course_utils.is_grading():
    print("os pares mais trocados (real -> previsto):")
    for true_name, pred_name, count in most_confused(y_true, y_pred, class_names, k=5):
        print(f"  {true_name:>10} -> {pred_name:<10} {count} vezes")
    plot_top_losses([example["img"] for example in test_ds], outputs.predictions, y_true, class_names, k=8);

# %% [markdown]
# ### Para onde o modelo olha: os mapas de atenção
#
# Em cada bloco, cada token (o `[CLS]` e os 196 patches) distribui uma atenção de soma 1 sobre todos
# os tokens, e a classificação sai do `[CLS]` do último bloco. Com `output_attentions=True` o modelo
# devolve essas matrizes, uma por bloco, de forma `(batch, cabeças, 197, 197)`. Duas leituras delas,
# com a média das cabeças:
#
# * **a linha do `[CLS]` no último bloco**, sobre os 196 patches: o que o `[CLS]` leu logo antes da
#   cabeça de classificação;
# * o ***attention rollout*** (Abnar e Zuidema, 2020). No último bloco, os tokens já misturaram
#   informação de toda a imagem nos blocos anteriores; o rollout multiplica as matrizes de todos os
#   blocos, do primeiro ao último, cada uma somada à identidade (a conexão residual, por onde o token
#   passa direto) e renormalizada, e estima de quais patches **da entrada** veio o `[CLS]` final.
#
# Nenhuma das duas é uma explicação causal (um patch muito atendido não é necessariamente o que
# decidiu a classe), mas elas mostram se o modelo olha para o objeto ou para o fundo. O `sdpa`, a
# implementação rápida de atenção que o `transformers` usa por padrão, não devolve as matrizes; por
# isso trocamos para a `"eager"` (a conta escrita por extenso, como a que você escreve no Lab 05) só
# durante esta chamada. Em modo *smoke* (o ViT minúsculo e aleatório, com 6×6 patches) os mapas são
# ruído.

# %%
def attention_maps(model, pixel_values):
    """A linha do [CLS] no último bloco e o attention rollout, cada um como grades (B, g, g) sobre os patches."""
    previous = model.config._attn_implementation
    model.set_attn_implementation("eager")  # o sdpa não devolve as matrizes de atenção
    try:
        with torch.no_grad():
            attentions = model(pixel_values=pixel_values, output_attentions=True).attentions
    finally:
        model.set_attn_implementation(previous)
    per_block = [a.float().mean(dim=1) for a in attentions]  # (B, T, T) por bloco: a média das cabeças
    eye = torch.eye(per_block[0].shape[-1], device=pixel_values.device)
    rollout = eye
    for a in per_block:
        a = a + eye  # a conexão residual
        rollout = (a / a.sum(dim=-1, keepdim=True)) @ rollout
    g = int((per_block[0].shape[-1] - 1) ** 0.5)  # a grade de patches (14 no ViT-B/16 em 224x224)
    return per_block[-1][:, 0, 1:].reshape(-1, g, g).cpu(), rollout[:, 0, 1:].reshape(-1, g, g).cpu()


if not course_utils.is_grading():
    vit = trainer.model.eval()
    shown = list(range(min(6, len(test_ds))))
    pixels = torch.stack([test_tf[i]["pixel_values"] for i in shown]).to(next(vit.parameters()).device)
    last_cls, rollout = attention_maps(vit, pixels)
    fig, axes = plt.subplots(3, len(shown), figsize=(1.9 * len(shown), 6.2), squeeze=False)
    for col, i in enumerate(shown):
        image = to_image(pixels[col], processor.image_mean, processor.image_std)
        size = image.shape[0]
        axes[0, col].imshow(image)
        axes[0, col].set_title(f"{id2label[int(y_true[i])]}\nprevisto: {id2label[int(y_pred[i])]}", fontsize=8,
                               color="green" if y_true[i] == y_pred[i] else "red")
        for row, attention in ((1, last_cls[col]), (2, rollout[col])):
            axes[row, col].imshow(image)
            axes[row, col].imshow(attention, cmap="inferno", alpha=0.6, extent=(0, size, size, 0),
                                  interpolation="bilinear")
    for ax in axes.flat:
        ax.axis("off")
    axes[1, 0].set_title("[CLS], último bloco", fontsize=8, loc="left")
    axes[2, 0].set_title("attention rollout", fontsize=8, loc="left")
    fig.tight_layout()

# %% [markdown]
# ### O que os *position embeddings* aprenderam
#
# O ViT soma a cada patch um vetor de posição **aprendido** (`model.vit.embeddings.position_embeddings`:
# um por patch, mais um para o `[CLS]`). Nada na arquitetura diz que o patch (3, 4) é vizinho do
# (3, 5): se o pré-treino ensinou isso, vetores de posições próximas devem ser parecidos. A figura é
# a Figura 7 do artigo do ViT (Dosovitskiy et al., 2021): cada quadradinho é um patch, no seu lugar
# da grade, e mostra a similaridade de cosseno do vetor dele com os vetores de todos os patches. O
# artigo mostra cada posição parecida com ela mesma e com as vizinhas, e muitas vezes com as da mesma
# linha e da mesma coluna: a geometria 2D da imagem foi aprendida, não dada. O fine-tuning, com taxa
# 5e-5 por três épocas, deve mexer pouco nesses vetores, e a célula mede quanto (a mudança relativa,
# ‖depois − antes‖ / ‖antes‖, contra o checkpoint original): o que você vê veio, quase todo, do
# pré-treino. Em modo *smoke* os vetores são aleatórios e só a diagonal (cada posição consigo mesma)
# se destaca.

# %%
if not course_utils.is_grading():
    positions = trainer.model.vit.embeddings.position_embeddings[0, 1:].detach().float().cpu()  # sem o [CLS]
    before = ViTForImageClassification.from_pretrained(checkpoint).vit.embeddings.position_embeddings[0, 1:].detach()
    print(f"o fine-tuning mudou os position embeddings em {(positions - before).norm() / before.norm():.2%}"
          " (norma relativa)")
    positions = torch.nn.functional.normalize(positions, dim=-1)
    similarity = positions @ positions.T  # (patches, patches): o cosseno entre cada par de posições
    g = int(len(positions) ** 0.5)
    mosaic = torch.full((g * (g + 1) - 1, g * (g + 1) - 1), float("nan"))  # NaN: a margem entre quadradinhos
    for k in range(len(positions)):  # o quadradinho do patch k vai no lugar do patch k na grade
        r, c = divmod(k, g)
        mosaic[r * (g + 1):r * (g + 1) + g, c * (g + 1):c * (g + 1) + g] = similarity[k].view(g, g)
    fig, ax = plt.subplots(figsize=(5.5, 5))
    picture = ax.imshow(mosaic, cmap="viridis", vmin=-1, vmax=1)
    fig.colorbar(picture, ax=ax, label="similaridade de cosseno")
    ax.set_title(f"position embeddings: {g}x{g} patches", fontsize=10)
    ax.set_xlabel("coluna do patch")
    ax.set_ylabel("linha do patch")
    ax.set_xticks([c * (g + 1) + g / 2 - 0.5 for c in range(g)], range(g), fontsize=6)
    ax.set_yticks([r * (g + 1) + g / 2 - 0.5 for r in range(g)], range(g), fontsize=6)
    fig.tight_layout()

# %% [markdown]
# ## O que esperar numa T4 (modo completo)
#
# O material de referência treina 3 épocas em float32, com batches de 10 e taxa de aprendizado
# 2e-5, e relata cerca de **91% de acurácia no teste em 5 a 10 minutos**. Esta configuração faz o
# mesmo número de épocas com precisão mista (fp16), batches de 32 e taxa 5e-5 com *warmup*, e
# normaliza com as estatísticas do checkpoint. **Estimativas, não medidas** (o lab foi preparado
# numa máquina sem GPU e sem acesso ao checkpoint real): **pelo menos 91%** de acurácia no teste
# (com o ViT-B/16 é comum passar de 95% nesse cenário) em **cerca de 3 a 5 minutos** de treino
# numa T4, mais o download do modelo (~350 MB) e dos dados na primeira vez. Anote os seus números
# (o tempo impresso depois do treino e a acurácia no teste) e compare.
#
# # Para ir além (sem nota)
#
# O que segue não vale pontos nem cabe no horário do lab; cada item é uma mudança pequena no código
# acima e um treino a mais:
#
# - *data augmentation* no treino (`v2.RandomHorizontalFlip`, `v2.RandomResizedCrop`) numa
#   segunda transformação, só para `train_ds`;
# - mais dados: o CIFAR-10 inteiro tem 50.000 imagens de treino (e leva ~10× mais tempo);
# - congelar o corpo (`requires_grad_(False)` em `model.vit`) e treinar só a cabeça: bem mais
#   rápido, e você pode medir quanto de acurácia isso custa;
# - os mapas de atenção de cada cabeça em separado, em vez da média: cabeças diferentes olham para
#   coisas diferentes (perto, longe, o objeto, o fundo).

# %% [markdown]
# ## Modelos de linguagem (ChatGPT e afins)
#
# **Pode:** usar um modelo de linguagem como usaria um livro ou um monitor: para entender um
# conceito, uma mensagem de erro ou a documentação de uma função (PyTorch, `datasets`, `transformers`).
# **Não pode:** pedir a resposta pronta de uma questão (o código de uma célula de resposta), colar o
# enunciado para ele resolver, ou copiar a resposta pronta da internet.
# **Declare sempre:** se você usou um modelo de linguagem neste lab, para qualquer coisa, cole a
# conversa inteira (ou o link dela) na célula abaixo.

# %% [markdown]
# **Minha conversa com um modelo de linguagem** (cole aqui a conversa inteira ou o link; se não usou
# nenhum, escreva "não usei"):
#
# ...

# %% [markdown]
# ## Seu feedback (não vale nota)
#
# Ajude a melhorar este lab para as próximas turmas. Edite esta célula:
#
# * **Tempo gasto** (em horas, contando o treino; diga se fez a parte "Para ir além"):
# * **O que foi mais difícil, ou não ficou claro:**
# * **Erros, trechos confusos ou sugestões:**
