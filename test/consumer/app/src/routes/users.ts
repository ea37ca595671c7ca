import { PrismaClient } from '@prisma/client';
import { Router } from 'express';

const prisma = new PrismaClient();

export const usersRouter = Router();

usersRouter.get('/', async (_req, res) => {
  res.json(await prisma.user.findMany());
});
