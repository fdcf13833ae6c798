# %% [markdown]
# # Lab 06 — ResNet-18 no CIFAR-10 com Lightning e torchmetrics
#
# Nos Labs 02 e 03 o laço de treino veio pronto e à vista: o `train_epoch` do `course_utils`, um `for`
# sobre os batches com *forward*, loss, *backward* e passo do otimizador. Ele é curto, mas um treino
# "de verdade" pede muito mais em volta: precisão mista, checkpoints do melhor modelo, parada antecipada,
# barra de progresso, logs, várias GPUs... O **Lightning** organiza esse código: você escreve
# *o que* acontece em um passo de treino e de validação (um `LightningModule`) e o `Trainer`
# cuida do *como*. O **torchmetrics** acumula métricas corretamente ao longo de uma época, batch
# a batch.
#
# O roteiro é o de um projeto clássico: classificar o CIFAR-10 ajustando uma ResNet-18
# pré-treinada no ImageNet.
#
# 1. reprodutibilidade: fixar as sementes e tornar as contas determinísticas (questão 1);
# 2. dados: média e desvio padrão do conjunto de treino em uma passada (questão 2) e as
#    transformações, com aumento de dados só no treino (questão 3);
# 3. modelo: a ResNet-18 do ImageNet com uma cabeça nova de 10 classes (questão 4);
# 4. Lightning: o `LightningModule`, com os passos de treino e validação e o seu otimizador
#    (questão 5);
# 5. antes de treinar, três verificações de poucos segundos: a loss inicial, sobreajustar um batch e
#    o teste de faixa da taxa de aprendizado;
# 6. treino com o `Trainer`, avaliação no teste com `trainer.test(ckpt_path="best")` e o
#    torchmetrics (matriz de confusão, acurácia por classe), uma comparação entre o "nariz"
#    (*stem*) do ImageNet e um adaptado a imagens 32×32, e onde o modelo erra.
#
# **Como entregar.** Preencha as células marcadas com `# SEU CÓDIGO AQUI`, rode os testes logo
# abaixo de cada uma e, antes de enviar, reinicie o kernel e execute tudo em ordem. **Não apague
# nem copie células**: elas carregam metadados que a correção automática usa, e a correção roda
# testes extras, ocultos, além dos que você vê.
#
# **Pontuação (10 pontos):** sementes (1,5) · média e desvio (2) · transformações (1,5) ·
# ResNet-18 (1,5) · `LightningModule`: passos (2), otimizador e agendador (1,5).
#
# **Tempo esperado (cerca de 2h45, estimativa):** Questão 1, as sementes (20 min) · os dados e a
# Questão 2 (25 min) · Questão 3 e os dados na GPU (25 min) · Questão 4 (10 min) · Questão 5, o
# `LightningModule` (35 min) · as verificações antes do treino (15 min, uns 2 minutos de GPU) · os
# dois treinos e o teste (25 min, uns 10 minutos de GPU, que rodam enquanto você lê) · onde o modelo
# erra (10 min) · uso de modelos de linguagem e feedback (5 min). **Para ir além** (sem nota, fora do
# horário): outras agendas, o custo da reprodutibilidade, treino do zero, só a cabeça.

# %%
import csv
import os
import random
import time
from pathlib import Path

import lightning as L
import matplotlib.pyplot as plt
import numpy as np
import torch
import torchmetrics
from lightning.pytorch.callbacks import EarlyStopping, ModelCheckpoint, Timer
from lightning.pytorch.loggers import CSVLogger
from PIL import Image
from torch import nn
from torch.utils.data import DataLoader, Subset, TensorDataset
from torchmetrics.classification import MulticlassAccuracy, MulticlassConfusionMatrix
from torchvision import models
from torchvision.transforms import v2

import course_utils
from course_utils.checks import check_close, check_dtype, check_equal, check_shape, check_type
from course_utils.cifar import CIFAR10_CLASSES, cifar_dataset
from course_utils.device_data import Normalize, RandomCrop, RandomFlip, TensorBatches, cifar_tensors
from course_utils.plots import plot_bars, show_batch
from course_utils.transfer import IMAGENET_MEAN, IMAGENET_STD

course_utils.quiet_notebook()  # avisos vão para a saída normal; os logs do Lightning ficam quietos
SMOKE, GRADING = course_utils.is_smoke(), course_utils.is_grading()
device = course_utils.get_device()
print("device:", device, "| modo smoke:", SMOKE, "| correção:", GRADING)

# %% [markdown]
# ## Questão 1 — sementes (1,5 ponto)
#
# Um treino tem muitas fontes de acaso: a inicialização dos pesos, a ordem dos batches, o
# aumento de dados, o *dropout*... e cada uma vem de um gerador diferente: o `random` do Python,
# o do NumPy, o do PyTorch na CPU e um em **cada** GPU. Fixar só um deles não basta.
#
# Há ainda a GPU em si. O cuDNN tem vários algoritmos para a mesma convolução; com
# `torch.backends.cudnn.benchmark = True` ele cronometra todos na primeira chamada e escolhe o
# mais rápido, e a escolha pode mudar de uma execução para outra. Alguns algoritmos também não
# são determinísticos (somas em ordem variável, com arredondamentos diferentes).
# `cudnn.deterministic = True` restringe o cuDNN aos determinísticos. **Mas os flags do cuDNN
# não bastam:** eles só valem para o que roda no cuDNN. Fora dele, várias operações da GPU
# (somas com `atomicAdd`, o `backward` de um `index_add` ou de um *pooling* adaptativo...) também
# variam de uma execução para outra. `torch.use_deterministic_algorithms(True)` faz **todas** as
# operações usarem uma versão determinística, e dá erro quando ela não existe; com
# `warn_only=True`, só avisa. (Na GPU, o cuBLAS ainda pede `CUBLAS_WORKSPACE_CONFIG=:4096:8`,
# lido quando ele inicia.) O preço: um treino um pouco mais lento. Em pesquisa, a
# reprodutibilidade costuma valer esse preço.
#
# E o `PYTHONHASHSEED`? Ele fixa o `hash` de textos (e, com ele, a ordem de iteração de um
# `set` de strings), mas só é lido quando o interpretador **inicia**: escrever
# `os.environ["PYTHONHASHSEED"]` dentro de um notebook já aberto não muda nada neste processo
# (só vale para processos filhos que ele criar). Para fixá-lo de verdade, defina a variável antes
# de iniciar o Python (`PYTHONHASHSEED=0 python treino.py`). Ele não entra na sua função.
#
# (O Lightning tem `L.seed_everything(seed, workers=True)`, que semeia `random`, NumPy e
# PyTorch, e também cada *worker* do `DataLoader`; o determinismo das contas fica com
# `L.Trainer(deterministic=True)`. O `course_utils` tem um `set_seed` mínimo, que **não** mexe
# no cuDNN. Aqui você escreve a sua versão completa; chamar o `L.seed_everything` dentro dela
# também vale.)

# %% answer set_seed

# %% [markdown]
# Mesma semente, mesmos sorteios, em cada gerador:

# %% test set_seed 0.5
seed_everything(123)
drawn = (random.random(), float(np.random.rand()), float(torch.rand(1)))
random.seed(123)
np.random.seed(123)
torch.manual_seed(123)
expected = (random.random(), float(np.random.rand()), float(torch.rand(1)))
check_equal(drawn[0], expected[0], "random.random() depois de seed_everything(123)",
            hint="semeie o módulo random do Python.")
check_equal(drawn[1], expected[1], "np.random.rand() depois de seed_everything(123)",
            hint="o NumPy tem o seu próprio gerador global.")
check_equal(drawn[2], expected[2], "torch.rand(1) depois de seed_everything(123)",
            hint="semeie o gerador global do PyTorch.")

# %% [markdown]
# As opções do cuDNN (valem mesmo numa máquina sem GPU: são só atributos):

# %% test set_seed 0.5
torch.backends.cudnn.deterministic = False  # o oposto do que queremos, para ver a função mudar
torch.backends.cudnn.benchmark = True
seed_everything(0)
torch.use_deterministic_algorithms(False)
check_equal(torch.backends.cudnn.deterministic, True, "torch.backends.cudnn.deterministic")
check_equal(torch.backends.cudnn.benchmark, False, "torch.backends.cudnn.benchmark",
            hint="benchmark = True deixa o cuDNN escolher algoritmos diferentes a cada execução.")

# %% [markdown]
# O resto das contas: depois da sua função, o PyTorch deve estar no modo determinístico (o
# teste o desliga de novo logo em seguida). O teste também espiona `torch.cuda.manual_seed_all`,
# que semeia todas as GPUs (e funciona, sem efeito, numa máquina sem GPU; `torch.manual_seed`
# também a chama).

# %% test set_seed 0.5
torch.use_deterministic_algorithms(False)
seen_cuda_seeds = []
real_cuda_seed_all = torch.cuda.manual_seed_all
torch.cuda.manual_seed_all = lambda seed: seen_cuda_seeds.append(int(seed))
try:
    seed_everything(2024)
    deterministic = torch.are_deterministic_algorithms_enabled()
finally:
    torch.cuda.manual_seed_all = real_cuda_seed_all
    torch.use_deterministic_algorithms(False)
check_equal(deterministic, True, "torch.are_deterministic_algorithms_enabled()",
            hint="os flags do cuDNN não bastam: ligue o modo determinístico do PyTorch inteiro (veja o texto).")
check_equal(2024 in seen_cuda_seeds, True, "as GPUs foram semeadas com 2024?",
            hint="cada GPU tem o seu gerador; o PyTorch tem uma função que semeia todas.")

# %%
seed_everything(42)

# %% [markdown]
# ## Os dados: CIFAR-10
#
# 60 mil imagens 32×32 em 10 classes: 50 mil de treino e 10 mil de teste. Separamos 10 % do
# treino para **validação** (escolher o melhor checkpoint, decidir quando parar) e deixamos o
# teste intocado até o fim. No modo *smoke*, um CIFAR minúsculo e falso, no mesmo formato em
# disco, faz o papel do verdadeiro.

# %%
to_tensor = v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])
raw_train = cifar_dataset("cifar10", train=True, transform=to_tensor)
n_val = len(raw_train) // 10
order = torch.randperm(len(raw_train), generator=torch.Generator().manual_seed(42)).tolist()
train_idx, val_idx = order[n_val:], order[:n_val]
print(f"treino: {len(train_idx)} | validação: {len(val_idx)} | teste: {len(cifar_dataset('cifar10', train=False))}")
images, labels = next(iter(DataLoader(raw_train, batch_size=16, shuffle=True)))
show_batch(images, labels, classes=CIFAR10_CLASSES, n=8, ncols=8, figsize_per=1.6);

# %% [markdown]
# ## Questão 2 — média e desvio padrão em uma passada (2 pontos)
#
# Normalizar cada canal, `x' = (x − média) / desvio`, deixa as entradas centradas e na mesma
# escala, o que ajuda o otimizador. As estatísticas vêm **só do treino** (usar validação ou
# teste seria espiar os dados de avaliação).
#
# **Quais estatísticas usar?** A regra do curso (a mesma do Lab 04): ao **ajustar um modelo
# pré-treinado**, use as estatísticas com que os pesos foram treinados (as do ImageNet, média
# (0,485; 0,456; 0,406) e desvio (0,229; 0,224; 0,225)): a primeira camada aprendeu a ler
# entradas nessa escala. Ao **treinar do zero**, use as do seu próprio conjunto de treino, que
# são as que você vai calcular aqui. Neste lab ajustamos uma ResNet pré-treinada, então o treino
# usa as do ImageNet; as do CIFAR servem para comparar (e para quem treinar do zero).
#
# Com 50 mil imagens cabe tudo na memória, mas em conjuntos maiores não. Então calcule em **uma
# passada** pelo `DataLoader`, acumulando por canal a soma `S₁ = Σx`, a soma dos quadrados
# `S₂ = Σx²` e o número de pixels `n`:
#
# $$\mu = \frac{S_1}{n}, \qquad \sigma = \sqrt{\frac{S_2}{n} - \mu^2}$$
#
# Atenção a dois detalhes:
# * "por canal" quer dizer somar sobre o batch, a altura e a largura, e **não** sobre os canais;
# * o último batch pode ser menor: por isso acumulamos somas e contagens, e não médias de batches.
#
# Acumule em `float64`: somando milhões de valores em `float32`, os arredondamentos se acumulam.
#
# Na correção, `channel_mean_std` recebe também um iterador comum (ele só dá uma passada) e um
# loader que reaproveita a memória de um batch no seguinte, como fazem os loaders rápidos; e, dentro
# dela, `torch.cat`, `torch.stack` e o NumPy ficam bloqueados: some batch a batch.

# %% answer mean_std

# %% [markdown]
# Um caso de cabeça: o canal 0 é todo 1, metade do canal 1 é 1 e o canal 2 é todo 0.

# %% test mean_std 0.5
x = torch.zeros(4, 3, 2, 2)
x[:, 0] = 1.0
x[:, 1, :, 0] = 1.0
mean, std = channel_mean_std(DataLoader(TensorDataset(x, torch.zeros(4)), batch_size=2))
check_shape(mean, (3,), "média", hint="um valor por canal: some sobre as dimensões (0, 2, 3).")
check_close(mean, torch.tensor([1.0, 0.5, 0.0], dtype=torch.float64), "média", atol=1e-9)
check_close(std, torch.tensor([0.0, 0.5, 0.0], dtype=torch.float64), "desvio", atol=1e-9)

# %% [markdown]
# Dados aleatórios, com um último batch incompleto (10 imagens em batches de 4), contra o
# cálculo direto sobre o tensor inteiro:

# %% test mean_std 1
torch.manual_seed(0)
x = torch.rand(10, 3, 5, 6) * torch.tensor([1.0, 2.0, 0.5]).view(1, 3, 1, 1)
mean, std = channel_mean_std(DataLoader(TensorDataset(x, torch.zeros(10)), batch_size=4))
check_dtype(mean, torch.float64, "média")
check_close(mean, x.double().mean(dim=(0, 2, 3)), "média", atol=1e-9,
            hint="acumule somas e o número de pixels; não tire a média das médias dos batches.")
check_close(std, x.double().std(dim=(0, 2, 3), correction=0), "desvio", atol=1e-9,
            hint="sqrt(S2 / n - média²), com n = número de pixels de cada canal.")

# %% test mean_std 0.5
# Testes ocultos: uma só passada pelo loader.

# %% [markdown]
# Agora no conjunto de treino (só os índices de treino). No CIFAR-10 completo você deve
# encontrar algo perto de média (0,491; 0,482; 0,447) e desvio (0,247; 0,243; 0,262).

# %%
stats_loader = DataLoader(Subset(raw_train, train_idx), batch_size=1000, num_workers=0 if SMOKE else 2)
start = time.perf_counter()
try:
    train_mean, train_std = channel_mean_std(stats_loader)
    train_mean, train_std = tuple(train_mean.tolist()), tuple(train_std.tolist())
except NotImplementedError:  # questão 2 em branco: valores conhecidos, para o resto rodar
    train_mean, train_std = (0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616)
print(f"média {np.round(train_mean, 4)} | desvio {np.round(train_std, 4)} | {time.perf_counter() - start:.1f} s")

# %% [markdown]
# ## Questão 3 — transformações (1,5 ponto)
#
# O **aumento de dados** mostra ao modelo, a cada época, versões ligeiramente diferentes de cada
# imagem: deslocada alguns pixels (recorte aleatório de uma versão com bordas de 4 pixels) e
# espelhada. Um gato espelhado continua gato; o modelo aprende isso em vez de decorar pixels.
#
# (O preenchimento das bordas do recorte pode ser o padrão, zeros, ou por reflexão: os dois valem.)
#
# Só no **treino**. Validação e teste medem o modelo em imagens fixas: aumentar ali só adicionaria
# ruído à medida (e o melhor checkpoint seria escolhido por sorte).

# %% answer transforms

# %% [markdown]
# A avaliação: converter para float em [0, 1] e normalizar, nada mais.

# %% test transforms 0.5
mean_t, std_t = (0.5, 0.4, 0.3), (0.2, 0.25, 0.5)
train_tfms, eval_tfms = make_transforms(mean_t, std_t)
pixels = np.random.default_rng(0).integers(0, 256, (32, 32, 3), dtype=np.uint8)
img = Image.fromarray(pixels)
expected = (torch.from_numpy(pixels).permute(2, 0, 1) / 255 - torch.tensor(mean_t).view(3, 1, 1)) / torch.tensor(
    std_t).view(3, 1, 1)
out = eval_tfms(img)
check_dtype(out, torch.float32, "eval_tfms(img)")
check_shape(out, (3, 32, 32), "eval_tfms(img)")
check_close(out, expected, "eval_tfms(img)", atol=1e-5, hint="(x / 255 - média) / desvio, canal a canal.")

# %% [markdown]
# A avaliação não pode sortear nada: dez aplicações, dez resultados idênticos.

# %% test transforms 0.5
torch.manual_seed(0)
for i in range(10):
    check_close(eval_tfms(img), expected, f"eval_tfms(img), aplicação {i + 1}", atol=1e-5,
                hint="nada de transformações aleatórias na validação e no teste.")

# %% [markdown]
# O treino: mesmo formato, normalizado (o pixel central de uma imagem de cor única continua
# sendo aquela cor, normalizada, apesar do recorte) e aleatório.

# %% test transforms 0.5
torch.manual_seed(0)
flat = Image.fromarray(np.full((32, 32, 3), (200, 100, 50), dtype=np.uint8))
flat_expected = (torch.tensor([200, 100, 50]) / 255 - torch.tensor(mean_t)) / torch.tensor(std_t)
outs = [train_tfms(img) for _ in range(30)]
check_shape(outs[0], (3, 32, 32), "train_tfms(img)", hint="RandomCrop(32, padding=4) devolve 32x32.")
check_dtype(outs[0], torch.float32, "train_tfms(img)")
check_close(train_tfms(flat)[:, 16, 16], flat_expected, "pixel central de uma imagem de cor única", atol=1e-5,
            hint="o treino também converte e normaliza.")
check_equal(any(not torch.equal(o, outs[0]) for o in outs[1:]), True, "o treino sorteia transformações?",
            hint="o aumento de dados vai no train_tfms.")

# %% [markdown]
# Que estatísticas entram nas transformações? Vamos **ajustar uma ResNet pré-treinada**, então as
# do ImageNet, com que os pesos foram treinados (a regra da questão 2, a mesma do Lab 04). As do
# CIFAR, que você calculou, seriam as certas para uma rede treinada do zero. As duas são
# parecidas, mas não iguais:

# %%
NORM_MEAN, NORM_STD = IMAGENET_MEAN, IMAGENET_STD  # modelo pré-treinado: as estatísticas dos seus pesos
print("CIFAR-10 (treino):", np.round(train_mean, 3), np.round(train_std, 3))
print("ImageNet          :", NORM_MEAN, NORM_STD)
train_tfms, eval_tfms = make_transforms(NORM_MEAN, NORM_STD)
example = cifar_dataset("cifar10", train=True)[train_idx[0]][0]
augmented = torch.stack([train_tfms(example) for _ in range(8)])
show_batch(augmented, n=8, ncols=8, mean=NORM_MEAN, std=NORM_STD, figsize_per=1.6);

# %% [markdown]
# ### Os mesmos passos, num batch inteiro, na GPU
#
# As suas transformações trabalham **uma imagem por vez**, na CPU: abrir, recortar, espelhar,
# converter, normalizar, 45 mil vezes por época. Num `DataLoader`, esse trabalho vai para os
# *workers*, processos da CPU, e o Colab dá só 2 CPUs virtuais a uma T4. Medido numa CPU de 2
# núcleos (`make bench` do curso), esse caminho entregou uns 8 mil imagens/s, com as duas CPUs
# ocupadas; o mesmo aumento feito em batch, na **mesma** CPU, de 70 a 100 mil (três medições). E quanto a GPU
# consome? Um passo de treino da ResNet-18 custa uns 0,2 GFLOP por imagem 32×32 com o *stem* do
# ImageNet e 3,3 GFLOP com o *stem* CIFAR (que veremos adiante); uma T4 faz 65 TFLOP/s de pico em
# fp16, então pede dezenas de milhares de imagens/s no primeiro caso e alguns milhares no segundo
# (estimativas, não medidas). Com o *stem* do ImageNet, a GPU passaria a maior parte do tempo
# esperando pelos *workers*.
#
# O treino do CIFAR-10 em uint8 ocupa 154 MB (50.000 × 3 × 32 × 32 bytes; 184 MB com o teste): cabe
# folgado na memória da GPU. Então o colocamos lá **uma vez**, e cada batch vira um índice num
# tensor e umas poucas operações sobre o batch
# inteiro, na própria GPU: cada imagem sorteia o seu deslocamento e o seu espelhamento (a mesma
# receita da questão 3, `RandomCrop(32, padding=4)` e `RandomHorizontalFlip()`), e a
# normalização vem no fim. É a ideia do *airbench*, que treina o CIFAR-10 a 94 % em segundos
# numa A100. O `course_utils.device_data` tem essas peças; a célula abaixo confere, numa imagem,
# que o batch na GPU e as suas transformações dão o mesmo resultado.
#
# No Lightning, o lugar dos dados é um **`LightningDataModule`**: `setup` prepara os conjuntos
# (aqui, já no *device* do `Trainer`), `train_dataloader`, `val_dataloader` e `test_dataloader`
# devolvem o que o `Trainer` percorre (qualquer iterável de batches serve, não só um
# `DataLoader`), e o *hook* `on_after_batch_transfer`, chamado com o batch já no *device*, é onde
# o Lightning recomenda fazer o aumento de dados na GPU. `self.trainer.training` diz se o batch é
# de treino: só ele é aumentado.

# %%
class CIFAR10OnDevice(L.LightningDataModule):
    """CIFAR-10 in the Trainer's device memory (uint8), served in shuffled batches and augmented there."""

    def __init__(self, train_idx, val_idx, batch_size, eval_batch_size, mean, std, seed=42):
        super().__init__()
        self.train_idx, self.val_idx = torch.tensor(train_idx), torch.tensor(val_idx)
        self.batch_size, self.eval_batch_size, self.seed = batch_size, eval_batch_size, seed
        # The recipe of question 3, one draw per image, on the whole batch at once.
        self.augment = v2.Compose([RandomCrop(padding=4, padding_mode="constant"), RandomFlip()])
        self.normalize = Normalize(mean, std)
        self.tensors = None

    def setup(self, stage):
        if self.tensors is not None:  # setup runs for fit and again for test: load once
            return
        device = self.trainer.strategy.root_device if self.trainer is not None else torch.device("cpu")
        x, y = cifar_tensors("cifar10", train=True, device=device)
        train, val = self.train_idx.to(device), self.val_idx.to(device)
        self.tensors = {"train": (x[train], y[train]), "val": (x[val], y[val]),
                        "test": cifar_tensors("cifar10", train=False, device=device)}

    def train_dataloader(self):
        # A new generator per fit: every run sees the same sequence of batches.
        return TensorBatches(*self.tensors["train"], self.batch_size, shuffle=True, drop_last=True, seed=self.seed)

    def val_dataloader(self):
        return TensorBatches(*self.tensors["val"], self.eval_batch_size)

    def test_dataloader(self):
        return TensorBatches(*self.tensors["test"], self.eval_batch_size)

    def on_after_batch_transfer(self, batch, dataloader_idx):
        images, labels = batch
        if self.trainer is not None and self.trainer.training:
            images = self.augment(images)
        return self.normalize(images), labels


check_data = CIFAR10OnDevice(train_idx, val_idx, 8, 8, NORM_MEAN, NORM_STD)
check_data.setup("fit")
x_val, _ = next(iter(check_data.val_dataloader()))
val_image = v2.functional.to_pil_image(x_val[0])
print("o batch (validação) igual ao eval_tfms da questão 3:",
      torch.allclose(check_data.on_after_batch_transfer((x_val, None), 0)[0][0], eval_tfms(val_image), atol=1e-5))
show_batch(check_data.augment(x_val[:1].expand(8, -1, -1, -1)).float() / 255, n=8, ncols=8, figsize_per=1.6);

# %% [markdown]
# ## Questão 4 — ResNet-18 do ImageNet, cabeça nova (1,5 ponto)
#
# A ResNet-18 pré-treinada no ImageNet já sabe detectar bordas, texturas e partes de objetos.
# Aproveitamos esse corpo inteiro e trocamos só a última camada, `fc` (512 → 1000 classes do
# ImageNet), por uma nova, 512 → 10, inicializada ao acaso. Depois, ajustamos a rede **toda**
# (ajuste fino completo), com uma taxa de aprendizado moderada.

# %% answer resnet

# %% test resnet 0.5
model = build_resnet18(num_classes=10, pretrained=False)
check_type(model.fc, nn.Linear, "model.fc")
check_equal((model.fc.in_features, model.fc.out_features), (512, 10), "(entradas, saídas) de model.fc",
            hint="uma nn.Linear nova: 512 entradas, num_classes saídas.")
check_shape(model(torch.randn(2, 3, 32, 32)), (2, 10), "logits")

# %% [markdown]
# O próximo teste troca, por um instante, o carregamento dos pesos do torchvision
# (`WeightsEnum.get_state_dict`) por uma versão que não baixa nada: ela anota os pesos pedidos
# e devolve uma ResNet-18 com a primeira conv toda em 0,25, para conferir que o corpo
# pré-treinado foi mantido. Qualquer forma documentada de pedir os pesos vale: o enum,
# `"IMAGENET1K_V1"` ou `"DEFAULT"`.

# %% test resnet 1
from torchvision.models._api import WeightsEnum

requested = []
fake_state = models.resnet18(weights=None).state_dict()
fake_state["conv1.weight"].fill_(0.25)
real_get_state_dict = WeightsEnum.get_state_dict


def fake_get_state_dict(self, *args, **kwargs):
    requested.append(self)
    return {k: v.clone() for k, v in fake_state.items()}


WeightsEnum.get_state_dict = fake_get_state_dict
try:
    model = build_resnet18(num_classes=7, pretrained=True)
finally:
    WeightsEnum.get_state_dict = real_get_state_dict
check_equal(requested, [models.ResNet18_Weights.IMAGENET1K_V1], "pesos carregados por models.resnet18",
            hint="weights=models.ResNet18_Weights.IMAGENET1K_V1 (ou \"DEFAULT\") quando pretrained=True.")
check_close(model.conv1.weight, torch.full_like(model.conv1.weight, 0.25), "conv1 (corpo pré-treinado)",
            hint="troque só model.fc; o resto da rede deve ser o que models.resnet18 devolveu.")
check_equal(model.fc.out_features, 7, "saídas de model.fc com num_classes=7")
check_equal(all(p.requires_grad for p in model.parameters()), True, "todas as camadas treináveis?",
            hint="ajuste fino completo: não congele o corpo.")

# %% [markdown]
# ## Questão 5 — o `LightningModule` (3,5 pontos: passos 2, otimizador 1,5)
#
# Um `LightningModule` é um `nn.Module` com os passos do treino como métodos. O `Trainer` chama
# `training_step` para cada batch de treino (e faz `backward`, `step` do otimizador, AMP, troca de
# device...), `validation_step` para cada batch de validação e `test_step` para cada batch de
# teste (esses dois já em `eval()` e sem gradientes), e pede ao próprio módulo, pelo método
# `configure_optimizers`, o otimizador e o agendador da taxa de aprendizado.
#
# As métricas do **torchmetrics** guardam estado: cada chamada `metrica(logits, y)` acumula acertos
# e total; passando a própria métrica a `self.log(..., on_epoch=True)`, o Lightning calcula a
# acurácia da **época inteira** com os acertos acumulados e zera o estado para a época seguinte.
# Passar o tensor que a métrica devolve a cada chamada (`self.log("train_acc", metrica(logits, y))`) daria
# só a média dos valores dos batches (que para a acurácia, ponderada pelo tamanho de cada batch,
# coincide, mas para F1 ou acurácia por classe não) e nunca zeraria a métrica: a correção confere
# que ela foi zerada. Por isso há uma métrica para cada fase:
# misturá-las somaria acertos de fases diferentes. A loss do treino, ao contrário, é registrada a
# **cada passo** (o padrão no `training_step`), para vermos a curva dentro da época. No teste,
# `MulticlassAccuracy(average=None)` dá uma acurácia por classe e `MulticlassConfusionMatrix`, a
# matriz de confusão (o `test_step` já está pronto).
#
# **O otimizador.** **AdamW** é o Adam com *weight decay* desacoplado: em vez de somar `λ·w` ao
# gradiente (o que, no Adam, seria dividido pela escala adaptativa de cada peso), ele encolhe os
# pesos diretamente, `w ← w − lr·λ·w`, a cada passo. Usamos lr = 10⁻³ e λ = 0,01. **StepLR**
# multiplica a taxa de aprendizado por `gamma` a cada `step_size` **épocas**: passos largos no
# começo, passos finos para assentar no fim. Por isso o agendador dá um passo por época (o
# `"interval": "epoch"` padrão do Lightning), não por batch. `configure_optimizers` lê os valores
# de `self.hparams` (salvos pelo `save_hyperparameters` do `__init__`), para que um checkpoint
# saiba com que hiperparâmetros foi treinado.

# %% answer lit_module

# %% [markdown]
# Os testes chamam os passos diretamente, sem `Trainer`, trocando `self.log` por um espião que
# anota o que foi registrado.

# %% test lit_module 0.5
def spy_logs(module):
    """Replaces module.log with a recorder; returns the dict it fills."""
    logged = {}
    module.log = lambda name, value, **kwargs: logged.__setitem__(name, (value, kwargs))
    return logged


def logged_value(value):
    return value.compute() if isinstance(value, torchmetrics.Metric) else torch.as_tensor(value)


torch.manual_seed(0)
net = nn.Sequential(nn.Flatten(), nn.Linear(12, 4))
module = CIFARClassifier(net, num_classes=4)
logged = spy_logs(module)
xb, yb = torch.randn(6, 3, 2, 2), torch.tensor([0, 1, 2, 3, 0, 1])
loss = module.training_step((xb, yb), 0)
check_close(loss, nn.functional.cross_entropy(net(xb), yb), "loss devolvida por training_step", atol=1e-6)

# %% test lit_module 0.5
check_equal(sorted(logged), ["train_acc", "train_loss"], "nomes registrados por training_step")
check_close(logged_value(logged["train_loss"][0]), loss.detach(), "valor registrado de train_loss", atol=1e-6)
batch_acc = (net(xb).argmax(1) == yb).float().mean()
check_close(logged_value(logged["train_acc"][0]), batch_acc, "valor registrado de train_acc", atol=1e-6,
            hint="passe logits e rótulos à métrica self.train_acc e registre a métrica.")

# %% test lit_module 0.5
val_logged = spy_logs(module)
xv, yv = torch.randn(5, 3, 2, 2), torch.tensor([3, 2, 1, 0, 3])
module.validation_step((xv, yv), 0)
check_equal(sorted(val_logged), ["val_acc", "val_loss"], "nomes registrados por validation_step")
check_close(logged_value(val_logged["val_loss"][0]), nn.functional.cross_entropy(net(xv), yv), "val_loss",
            atol=1e-6)
check_close(logged_value(val_logged["val_acc"][0]), (net(xv).argmax(1) == yv).float().mean(), "val_acc", atol=1e-6)
check_close(module.train_acc.compute(), batch_acc, "self.train_acc depois da validação", atol=1e-6,
            hint="a validação atualiza self.val_acc, não self.train_acc.")

# %% test lit_module 0.5
# Testes ocultos: um Trainer de verdade, por poucos batches.

# %% [markdown]
# Agora o `configure_optimizers`: a classe, os hiperparâmetros e o agendador.

# %% test lit_module 0.5
def unpack(config):
    """(optimizer, scheduler) from any of the formats Lightning accepts."""
    if isinstance(config, dict):
        sched = config.get("lr_scheduler")
        return config["optimizer"], sched["scheduler"] if isinstance(sched, dict) else sched
    if isinstance(config, (tuple, list)) and len(config) == 2:
        opts, scheds = config
        opt = opts[0] if isinstance(opts, (list, tuple)) else opts
        sched = scheds[0] if isinstance(scheds, (list, tuple)) else scheds
        return opt, sched["scheduler"] if isinstance(sched, dict) else sched
    return config, None


module = CIFARClassifier(nn.Linear(8, 10))
optimizer, scheduler = unpack(module.configure_optimizers())
check_type(optimizer, torch.optim.AdamW, "otimizador")
check_equal(optimizer.defaults["lr"], 1e-3, "lr do otimizador")
check_equal(optimizer.defaults["weight_decay"], 0.01, "weight_decay do otimizador")
check_type(scheduler, torch.optim.lr_scheduler.StepLR, "agendador")

# %% test lit_module 0.5
check_equal((scheduler.step_size, scheduler.gamma), (10, 0.5), "(step_size, gamma) do StepLR")
lrs = []
for epoch in range(25):
    lrs.append(optimizer.param_groups[0]["lr"])
    optimizer.step()
    scheduler.step()
check_close(torch.tensor([lrs[0], lrs[9], lrs[10], lrs[20]]), torch.tensor([1e-3, 1e-3, 5e-4, 2.5e-4]),
            "lr nas épocas 0, 9, 10 e 20", rtol=1e-6, atol=0)

# %% test lit_module 0.5
# Testes ocultos: os hiperparâmetros vêm de self.hparams, e todos os parâmetros são otimizados.

# %% [markdown]
# ## Antes de treinar: três verificações de segundos
#
# Um treino que dá errado custa minutos de GPU, e às vezes só se nota no fim. Três verificações
# baratas pegam a maioria dos erros antes (é a receita de A. Karpathy, *A Recipe for Training Neural
# Networks*, 2019). Elas usam o **seu** `CIFARClassifier`: o `forward`, o `training_step` (a loss) e
# o otimizador do seu `configure_optimizers`, num laço curto escrito aqui, sem o `Trainer`. Não
# valem nota, e a correção automática as pula; no modo *smoke* (pesos aleatórios, dados falsos,
# poucos passos) os números não querem dizer nada.
#
# 1. **A loss inicial.** Com a cabeça nova aleatória, os logits começam pequenos e as 10 classes quase
#    equiprováveis: a *cross-entropy* deve começar perto de $-\ln(1/10) = \ln 10 \approx 2{,}30$ (um
#    pouco acima: os logits aleatórios não são exatamente iguais, e com eles a loss, em média, só pode
#    subir). Bem acima disso (5, 10...), a rede começa confiante e errada, o que costuma ser uma
#    entrada fora de escala (normalização esquecida, pixels em 0–255); bem abaixo, os rótulos
#    "vazaram" para a entrada.
# 2. **Sobreajustar um batch.** Treinando sempre no mesmo batch pequeno, o modelo tem de decorá-lo: a
#    loss deve ir a perto de zero em algumas dezenas de passos. Se não for, há um erro no caminho do
#    gradiente (rótulos desalinhados das imagens, parâmetros fora do otimizador, uma camada
#    congelada), e nenhum ajuste de hiperparâmetro resolve.
# 3. **O teste de faixa da taxa de aprendizado** (*LR range test*, L. Smith, 2017; é o `lr_find` da
#    fastai). Alguns passos de treino com a taxa crescendo exponencialmente, de $10^{-7}$ a 1, anotando
#    a loss (suavizada, porque cada batch é diferente). Com a taxa pequena demais a loss não se mexe;
#    numa faixa intermediária ela desce; grande demais, ela explode. Uma boa taxa fica na descida, em
#    geral uns 10 vezes abaixo do ponto em que a loss é mínima. Compare com o `lr = 1e-3` da questão 5.

# %%
from course_utils.config import capped

SANITY_BATCH, OVERFIT_STEPS = (8, 6) if SMOKE else (32, 40)
RANGE_BATCH, RANGE_STEPS = (8, 8) if SMOKE else (256, 100)
OVERFIT_STEPS, RANGE_STEPS = capped(OVERFIT_STEPS), capped(RANGE_STEPS)  # só os ensaios do curso os encurtam


def optimizer_of(module):
    """O otimizador do seu configure_optimizers, em qualquer dos formatos que o Lightning aceita."""
    config = module.configure_optimizers()
    if isinstance(config, (list, tuple)):
        config = config[0][0] if isinstance(config[0], (list, tuple)) else config[0]
    return config["optimizer"] if isinstance(config, dict) else config


def fresh_module():
    """Um CIFARClassifier novo, com a ResNet-18 da questão 4, no device; self.log desligado (sem Trainer)."""
    module = CIFARClassifier(build_resnet18(10, pretrained=not SMOKE)).to(device)
    module.log = lambda *args, **kwargs: None  # fora de um Trainer, self.log não tem para onde ir
    return module


if not GRADING:
    x_fit, y_fit = cifar_tensors("cifar10", train=True, device=device)
    x_fit, y_fit = x_fit[torch.tensor(train_idx, device=device)], y_fit[torch.tensor(train_idx, device=device)]
    normalize = Normalize(NORM_MEAN, NORM_STD)
    torch.manual_seed(0)
    module = fresh_module().eval()
    with torch.no_grad():
        batches = [(module(normalize(xb)), yb) for xb, yb in TensorBatches(x_fit[:1024], y_fit[:1024], 256)]
        logits, labels = torch.cat([b[0] for b in batches]), torch.cat([b[1] for b in batches])
        initial = nn.functional.cross_entropy(logits, labels).item()
    print(f"1. loss inicial {initial:.3f} | ln(10) = {np.log(10):.3f} | desvio dos logits {logits.std():.2f}")

    module.train()
    optimizer = optimizer_of(module)
    xb, yb = normalize(x_fit[:SANITY_BATCH]), y_fit[:SANITY_BATCH]
    overfit = []
    for step in range(OVERFIT_STEPS):
        loss = module.training_step((xb, yb), step)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        overfit.append(loss.item())
    print(f"2. um batch de {SANITY_BATCH} imagens, {OVERFIT_STEPS} passos: loss {overfit[0]:.3f} -> {overfit[-1]:.4f}")

# %%
def lr_range_test(module, batches, lr_min=1e-7, lr_max=1.0, steps=100, beta=0.98):
    """`steps` passos com a taxa crescendo exponencialmente de lr_min a lr_max; devolve (taxas, losses suavizadas).

    A loss é uma média móvel exponencial (com a correção de viés do Adam); para cedo se ela passar de
    4 vezes a menor vista (a taxa já explodiu o treino).
    """
    optimizer = optimizer_of(module)
    lrs, losses, average, best = [], [], 0.0, float("inf")
    step = 0
    while step < steps:
        for xb, yb in batches:
            lr = lr_min * (lr_max / lr_min) ** (step / max(1, steps - 1))
            for group in optimizer.param_groups:
                group["lr"] = lr
            loss = module.training_step((xb, yb), step)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            average = beta * average + (1 - beta) * loss.item()
            smoothed = average / (1 - beta ** (step + 1))
            lrs.append(lr)
            losses.append(smoothed)
            best = min(best, smoothed)
            step += 1
            if step >= steps or (step > 10 and smoothed > 4 * best):
                return lrs, losses
    return lrs, losses


if not GRADING:
    torch.manual_seed(0)
    module = fresh_module().train()
    augment = check_data.augment  # o aumento de dados do treino (questão 3), no batch inteiro
    range_batches = TensorBatches(x_fit, y_fit, RANGE_BATCH, shuffle=True, drop_last=True,
                                  transform=lambda x: normalize(augment(x)))
    lrs, range_losses = lr_range_test(module, range_batches, steps=RANGE_STEPS)
    edge = len(lrs) // 10  # as pontas da curva são ruído (o começo) ou já explosão (o fim): ficam de fora
    inner = slice(edge, max(edge + 3, len(lrs) - 5))
    if len(lrs[inner]) >= 3:
        slope = np.gradient(np.array(range_losses[inner]), np.log(lrs[inner]))  # d loss / d log(lr)
        steepest = lrs[inner][int(np.argmin(slope))]
    else:
        steepest = lrs[-1]
    lowest = lrs[int(np.argmin(range_losses))]
    print(f"3. teste de faixa: menor loss com lr = {lowest:.1e}; descida mais íngreme em lr = {steepest:.1e}"
          f" | a questão 5 usa lr = {module.hparams.lr:.0e}")

    fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(11, 3.5))
    ax0.plot(range(1, len(overfit) + 1), overfit, marker="o")
    ax0.axhline(np.log(10), color="gray", ls=":", label="ln(10)")
    ax0.set_yscale("log")
    ax0.set_xlabel("passo")
    ax0.set_ylabel("loss de treino")
    ax0.set_title(f"2. sobreajustar um batch de {SANITY_BATCH} imagens")
    ax0.legend()
    ax1.plot(lrs, range_losses)
    ax1.set_xscale("log")
    ax1.axvline(module.hparams.lr, color="tab:green", ls="--", label=f"lr da questão 5 ({module.hparams.lr:g})")
    ax1.axvline(steepest, color="tab:red", ls=":", label=f"descida mais íngreme ({steepest:.0e})")
    ax1.set_xlabel("taxa de aprendizado (escala log)")
    ax1.set_ylabel("loss (suavizada)")
    ax1.set_title("3. teste de faixa da taxa de aprendizado")
    ax1.legend(fontsize=8)
    for ax in (ax0, ax1):
        ax.grid(alpha=0.3)
    fig.tight_layout()
    plt.show()
    del module, optimizer, x_fit, y_fit  # libera a memória da GPU antes do treino de verdade

# %% [markdown]
# **Como ler.** (1) A loss inicial deve ficar um pouco acima de 2,30. (2) A curva do batch único deve
# descer rápido, para perto de zero: com os pesos do ImageNet, 32 imagens se decoram em poucas dezenas
# de passos. (3) Na curva do teste de faixa, o `lr = 1e-3` da questão 5 deve cair na parte que desce,
# à esquerda do mínimo; se ele estivesse à direita do mínimo, o treino seria instável. O
# teste é ruidoso (uma só passada, batches aumentados, a BatchNorm mudando junto): ele dá a ordem de
# grandeza da taxa, não o valor exato. Tudo isso é o esperado, não uma medida nossa numa GPU: confira
# com os seus números.

# %% [markdown]
# ## Treinando com o `Trainer`
#
# O `Trainer` recebe o módulo, os loaders e *callbacks*:
#
# * `ModelCheckpoint(monitor="val_acc", mode="max")` guarda o checkpoint de **melhor acurácia de
#   validação** (não o último: se o modelo piorar no fim, temos o melhor);
# * `EarlyStopping(monitor="val_acc", patience=3)` para o treino se a validação não melhorar por 3
#   épocas seguidas, mas `min_epochs=12` o impede de parar antes da época 12: queremos ver a queda
#   da taxa do `StepLR` na época 10 e o que ela faz com a validação;
# * `Timer` mede o tempo de treino, para compararmos velocidades.
#
# A reprodutibilidade fica com as ferramentas do Lightning: `L.seed_everything(42,
# workers=True)` (a sua função da questão 1, mais uma semente própria para cada *worker* do
# `DataLoader`) e `Trainer(deterministic=...)`, que liga o `torch.use_deterministic_algorithms`.
# Na GPU usamos `deterministic="warn"`. Algumas operações de CUDA não têm versão determinística:
# em geral as que somam em paralelo com `atomicAdd`, como o `backward` de um `index_add`, de um
# `scatter_add` ou de um *pooling* adaptativo com saída maior que 1×1 (a lista está na documentação
# de `torch.use_deterministic_algorithms`). Com `True`, o treino para com um `RuntimeError` na
# primeira delas que usar; com `"warn"`, o PyTorch emite um aviso que **nomeia** a operação e segue em
# frente, e todo o resto fica determinístico. Quais aparecem depende do modelo, da versão do PyTorch e
# da GPU: leia os avisos do seu treino. (O *pooling* final da ResNet, `AdaptiveAvgPool2d(1)`, não é
# uma delas: com saída 1×1 ele é só uma média, e o PyTorch o calcula com `mean`.) Na CPU, `True`.
#
# Na GPU, `precision="16-mixed"` (T4) ou `"bf16-mixed"` (A100, L4...) faz as contas em meia
# precisão, com os pesos mestres em float32. Os dados vêm do `CIFAR10OnDevice`, já na GPU: ela
# não espera pela CPU. No Colab (T4), as duas corridas abaixo devem levar uns 10 minutos no
# total (estimativa, **não medida** numa T4); no modo *smoke*, os limites do próprio Lightning
# (`limit_train_batches`, `limit_val_batches`, `limit_test_batches`) reduzem tudo a poucos
# batches; a correção automática pula o treino.
#
# O teste vem logo depois de cada treino, **uma vez**, com `trainer.test(ckpt_path="best")`: o
# Lightning carrega o checkpoint que a validação escolheu e roda o `test_step`.

# %%
if torch.cuda.is_available():
    PRECISION = "bf16-mixed" if torch.cuda.get_device_capability()[0] >= 8 else "16-mixed"
else:
    PRECISION = "32-true"
DETERMINISTIC = "warn" if torch.cuda.is_available() else True
EPOCHS, MIN_EPOCHS = 15, 12
BATCH = 8 if SMOKE else 256
EVAL_BATCH = BATCH if SMOKE else 2 * BATCH  # sem gradientes cabe o dobro


def train_classifier(name, network):
    """Fits CIFARClassifier(network), tests its best checkpoint once; returns (module, history, s/epoch, test acc)."""
    L.seed_everything(42, workers=True)
    module = CIFARClassifier(network)
    data = CIFAR10OnDevice(train_idx, val_idx, BATCH, EVAL_BATCH, NORM_MEAN, NORM_STD)
    checkpoint = ModelCheckpoint(dirpath=Path("checkpoints") / name, monitor="val_acc", mode="max",
                                 filename="best-{epoch}-{val_acc:.4f}")
    timer = Timer()
    if SMOKE:
        limits = dict(max_epochs=1, limit_train_batches=1, limit_val_batches=1, limit_test_batches=1,
                      num_sanity_val_steps=0)
    elif capped(None):  # o ensaio do modo completo (COURSE_MAX_STEPS): uma época curta
        limits = dict(max_epochs=1)
    else:
        limits = dict(max_epochs=EPOCHS, min_epochs=MIN_EPOCHS)
    trainer = L.Trainer(accelerator="auto", devices=1, precision=PRECISION, deterministic=DETERMINISTIC,
                        logger=CSVLogger("logs", name=name),
                        callbacks=[checkpoint, EarlyStopping(monitor="val_acc", mode="max", patience=3), timer],
                        enable_progress_bar=not SMOKE, enable_model_summary=False,
                        log_every_n_steps=1 if SMOKE else 20, **limits)
    trainer.fit(module, datamodule=data)
    seconds = timer.time_elapsed("train") / max(1, trainer.current_epoch)
    print(f"{name}: melhor val_acc {checkpoint.best_model_score:.4f} em {checkpoint.best_model_path}")
    (result,) = trainer.test(module, datamodule=data, ckpt_path="best", verbose=False)
    with open(Path(trainer.logger.log_dir) / "metrics.csv") as f:
        rows = [r for r in csv.DictReader(f) if r.get("val_acc")]
    history = [{"epoch": int(r["epoch"]) + 1, "val_acc": float(r["val_acc"]), "val_loss": float(r["val_loss"])}
               for r in rows]
    return module, history, seconds, result["test_acc"]


results = {}
if not GRADING:
    results["stem ImageNet"] = train_classifier("imagenet_stem", build_resnet18(10, pretrained=not SMOKE))

# %% [markdown]
# ## Avaliação no conjunto de teste
#
# O `test_step` acumulou, no checkpoint escolhido pela validação, as métricas do torchmetrics. A
# matriz de confusão (`MulticlassConfusionMatrix`, normalizada por linha) mostra **quais**
# classes se confundem (gato e cachorro, caminhão e automóvel costumam ser as campeãs); a
# acurácia por classe (`MulticlassAccuracy(average=None)`) é a sua diagonal.

# %%
def test_report(title, module, test_acc):
    print(f"{title}: acurácia de teste {100 * test_acc:.2f}%")
    fig, ax = module.test_confusion.plot(labels=list(CIFAR10_CLASSES))
    ax.set_title(f"{title}: matriz de confusão (teste, por linha)")
    fig.set_size_inches(7, 6)
    plt.show()
    per_class = module.test_acc_per_class.compute().tolist()
    plot_bars(dict(zip(CIFAR10_CLASSES, per_class)), "acurácia", f"{title}: acurácia por classe (teste)")
    plt.show()


if "stem ImageNet" in results:
    module, _, _, acc = results["stem ImageNet"]
    test_report("stem ImageNet", module, acc)

# %% [markdown]
# ## O "nariz" da rede: ImageNet contra CIFAR
#
# A ResNet-18 foi desenhada para imagens 224×224. A entrada passa por um *stem* agressivo: uma
# conv 7×7 com stride 2 e um max-pool com stride 2, que reduzem a resolução **4 vezes** antes do
# primeiro bloco. Em 224×224 isso dá 56×56; numa imagem 32×32 do CIFAR, sobra uma grade **8×8**, e
# a última camada vê 1×1. Detalhes finos se perdem logo na entrada.
#
# O *stem* CIFAR troca a conv por uma 3×3 com stride 1 e remove o max-pool: o primeiro bloco vê
# 32×32. O resto da rede (e os pesos pré-treinados) fica igual; só a conv nova começa do zero.
# Custa ~16 vezes mais contas por imagem (os mapas são 16 vezes maiores), mas costuma render
# vários pontos de acurácia. Vamos medir as duas coisas.

# %%
def cifar_stem(network):
    """ResNet stem for 32x32 images: 3x3 stride-1 conv and no max-pool."""
    network.conv1 = nn.Conv2d(3, 64, kernel_size=3, stride=1, padding=1, bias=False)
    network.maxpool = nn.Identity()
    return network


if not GRADING:
    results["stem CIFAR"] = train_classifier("cifar_stem", cifar_stem(build_resnet18(10, pretrained=not SMOKE)))
    module, _, _, acc = results["stem CIFAR"]
    test_report("stem CIFAR", module, acc)

# %%
if results:
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.5))
    for name, (_, history, _, _) in results.items():
        axes[0].plot([h["epoch"] for h in history], [100 * h["val_acc"] for h in history], marker="o", label=name)
    axes[0].axvline(10.5, color="gray", ls=":", label="StepLR: lr / 2")
    axes[0].set_xlabel("época")
    axes[0].set_ylabel("acurácia de validação (%)")
    axes[0].legend()
    axes[0].grid(alpha=0.3)
    names = list(results)
    axes[1].bar(names, [100 * results[n][3] for n in names], color=["tab:blue", "tab:orange"][:len(names)])
    axes[1].set_ylabel("acurácia de teste (%)")
    axes[2].bar(names, [results[n][2] for n in names], color=["tab:blue", "tab:orange"][:len(names)])
    axes[2].set_ylabel("segundos por época")
    for ax in axes[1:]:
        ax.bar_label(ax.containers[0], fmt="%.1f")
    fig.tight_layout()
    plt.show()

# %% [markdown]
# **Como ler.** O *stem* CIFAR costuma ganhar vários pontos de acurácia de teste, e custa mais
# tempo por época: cada imagem vira mapas 16 vezes maiores nos primeiros blocos. Repare também no
# `StepLR`: as épocas 1 a 10 usam lr = 10⁻³ e a 11ª já usa a metade (a linha pontilhada); a curva
# de validação costuma dar um pequeno salto logo depois. Graças ao `min_epochs=12`, o
# `EarlyStopping` não interrompe o treino antes dessa queda. No modo *smoke* (dados falsos, um
# batch de treino) os números não querem dizer nada.
#
# ## Onde o modelo erra
#
# As matrizes de confusão acima dizem **quantas** vezes cada classe vira outra. Para ver **quais**
# imagens, rodamos o melhor dos dois modelos (o de maior acurácia de teste) nas 10 mil imagens de teste
# e, com os logits, listamos os pares mais trocados (`most_confused`: as maiores casas fora da diagonal
# da matriz, em contagens) e mostramos as imagens de **maior perda** (`plot_top_losses`): os erros mais
# confiantes, em que o modelo deu probabilidade quase nula à classe certa. Olhe para elas: há erros
# compreensíveis em 32×32 pixels (um gato de perfil, um caminhão visto de frente) e, de vez em quando,
# um rótulo discutível no próprio CIFAR-10. Esta célula não vale nota, e a correção automática a pula;
# no modo *smoke* o modelo não aprendeu nada.

# %%
from course_utils.plots import most_confused, plot_top_losses

if results:
    best_name = max(results, key=lambda name: results[name][3])
    best_model = results[best_name][0].model.to(device).eval()  # o melhor checkpoint (trainer.test o carregou)
    x_test, y_test = cifar_tensors("cifar10", train=False, device=device)
    normalize = Normalize(NORM_MEAN, NORM_STD)
    with torch.no_grad():
        batches = [(best_model(normalize(xb)).float(), yb) for xb, yb in TensorBatches(x_test, y_test, 512)]
    test_logits, test_labels = torch.cat([b[0] for b in batches]).cpu(), torch.cat([b[1] for b in batches]).cpu()
    test_preds = test_logits.argmax(dim=1)
    print(f"{best_name}: acurácia {(test_preds == test_labels).float().mean():.4f} em {len(test_labels)} imagens de teste")
    print("os pares mais trocados (real -> previsto):")
    for true_name, pred_name, count in most_confused(test_labels, test_preds, CIFAR10_CLASSES, k=6):
        print(f"  {true_name:>10} -> {pred_name:<10} {count} vezes")
    plot_top_losses(x_test[:len(test_labels)].cpu(), test_logits, test_labels, CIFAR10_CLASSES, k=12, ncols=6,
                    figsize_per=1.8)
    plt.show()

# %% [markdown]
# # Para ir além (sem nota)
#
# O que segue não vale pontos nem cabe no horário do lab; cada item é um treino a mais:
#
# * Troque o `StepLR` por `OneCycleLR` (passo por batch: `"interval": "step"`) e compare.
# * Rode com `cudnn.benchmark = True` e sem `deterministic` e meça quanto a reprodutibilidade
#   custa em velocidade; rode duas vezes e compare as curvas.
# * Treine a ResNet-18 do zero (`pretrained=False`), normalizando com as estatísticas do CIFAR
#   que você calculou, e compare com o ajuste fino. Refaça antes o teste de faixa: do zero, a melhor
#   taxa costuma ser outra.
# * Congele o corpo e treine só a cabeça: quanto se perde em acurácia, quanto se ganha em tempo?

# %% [markdown]
# ## Modelos de linguagem (ChatGPT e afins)
#
# **Pode:** usar um modelo de linguagem como usaria um livro ou um monitor: para entender um
# conceito, uma mensagem de erro ou a documentação de uma função (PyTorch, Lightning, torchmetrics).
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
